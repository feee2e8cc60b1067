package io.kubepark.apiserver.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The page of {@code /ui}: one HTML file with its script and styles inline, read from the classpath on first use
 * (on a worker, since it is I/O) and kept.
 */
final class ParkPage {
    static final String RESOURCE = "/io/kubepark/apiserver/ui/park.html";
    private volatile byte[] html;

    byte[] html() {
        byte[] page = html;
        if (page == null) {
            try (InputStream in = ParkPage.class.getResourceAsStream(RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException(RESOURCE + " is missing from the classpath");
                }
                page = in.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            html = page;
        }
        return page;
    }
}
