package io.kubepark.junit;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A KubePark control plane in a class loader of its own (docs/adr/0006-junit-class-loader.md). The runnable
 * control-plane jar travels inside this module's jar; it is unpacked once per JVM and loaded with only the JDK
 * as parent, so its fabric8 model, Vert.x and Jackson never meet the test's. Calls go through
 * {@code io.kubepark.embed.EmbeddedCluster}, whose arguments and results are JDK types.
 */
final class ControlPlane implements AutoCloseable {
    static final String JAR_RESOURCE = "META-INF/kubepark/kubepark.jar";
    /** A control-plane jar to use instead of the one inside this module's jar. */
    static final String JAR_PROPERTY = "kubepark.controlPlaneJar";
    private static final String BRIDGE = "io.kubepark.embed.EmbeddedCluster";

    private static ClassLoader loader;
    private static final Map<String, Method> METHODS = new ConcurrentHashMap<>();

    private final Object cluster;

    private ControlPlane(Object cluster) {
        this.cluster = cluster;
    }

    static ControlPlane start(Map<String, String> options) {
        ClassLoader isolated = loader();
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        // Threads the control plane starts inherit the context loader: they must see its classes, not the test's.
        thread.setContextClassLoader(isolated);
        try {
            Class<?> bridge = Class.forName(BRIDGE, true, isolated);
            return new ControlPlane(unwrap(() -> bridge.getMethod("start", Map.class).invoke(null, options)));
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("the KubePark control-plane jar has no " + BRIDGE, e);
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    private static synchronized ClassLoader loader() {
        if (loader == null) {
            try {
                loader = new URLClassLoader("kubepark-control-plane", new URL[] {jar().toUri().toURL()},
                        ClassLoader.getPlatformClassLoader());
            } catch (IOException e) {
                throw new IllegalStateException("cannot unpack the KubePark control plane: " + e.getMessage(), e);
            }
        }
        return loader;
    }

    private static Path jar() throws IOException {
        String given = System.getProperty(JAR_PROPERTY);
        if (given != null && !given.isBlank()) {
            return Path.of(given);
        }
        try (InputStream in = ControlPlane.class.getClassLoader().getResourceAsStream(JAR_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(JAR_RESOURCE + " is missing from the classpath: is kubepark-junit"
                        + " built (mvn package)?");
            }
            Path file = Files.createTempFile("kubepark-control-plane", ".jar");
            file.toFile().deleteOnExit();
            Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
            return file;
        }
    }

    /** Calls the bridge method of that name and arity. */
    @SuppressWarnings("unchecked")
    <T> T call(String method, Object... args) {
        Method m = METHODS.computeIfAbsent(method + "/" + args.length, k -> find(method, args.length));
        return (T) unwrap(() -> m.invoke(cluster, args));
    }

    private Method find(String name, int arity) {
        for (Method m : cluster.getClass().getMethods()) {
            if (m.getName().equals(name) && m.getParameterCount() == arity) {
                return m;
            }
        }
        throw new IllegalStateException("the KubePark control plane has no " + name + "/" + arity);
    }

    private interface Reflective {
        Object run() throws ReflectiveOperationException;
    }

    private static Object unwrap(Reflective call) {
        try {
            return call.run();
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(cause);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot call the KubePark control plane: " + e, e);
        }
    }

    @Override
    public void close() {
        call("close");
    }
}
