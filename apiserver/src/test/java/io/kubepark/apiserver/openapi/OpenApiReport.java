package io.kubepark.apiserver.openapi;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Prints description coverage, document sizes and generation times; run with the test class path. Optional
 * argument: a directory to write the documents and the list of undescribed properties to.
 */
public final class OpenApiReport {
    public static void main(String[] args) throws Exception {
        long t0 = System.nanoTime();
        Schemas schemas = Schemas.load();
        long t1 = System.nanoTime();
        OpenApi api = new OpenApi(OpenApiTest.servedResources(), schemas, OpenApi.DEFAULT_VERSION);
        byte[] index = api.v3Index();
        long t2 = System.nanoTime();
        byte[] v2 = api.v2();
        long t3 = System.nanoTime();
        Schemas.Coverage all = schemas.coverage();
        System.out.printf("ALL metadata: definitions %d, with model class %d, with description %d; properties %d, described %d%n",
                all.definitions(), all.definitionsWithClass(), all.definitionsDescribed(), all.properties(), all.propertiesDescribed());
        Schemas.Coverage c = api.coverage();
        System.out.print("SERVED: ");
        System.out.printf("schemas load: %d ms; all v3 documents + index: %d ms; v2: %d ms%n",
                (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000, (t3 - t2) / 1_000_000);
        System.out.printf("definitions %d, with model class %d, with description %d; properties %d, described %d%n",
                c.definitions(), c.definitionsWithClass(), c.definitionsDescribed(), c.properties(), c.propertiesDescribed());
        System.out.println("unmapped definitions: " + c.unmappedDefinitions());
        System.out.println("undescribed properties: " + c.undescribedProperties().size());
        long total = 0;
        for (String key : api.v3Paths()) {
            System.out.printf("v3 %-45s %,10d bytes%n", key, api.v3(key).length);
            total += api.v3(key).length;
        }
        System.out.printf("v3 total %,d bytes; index %,d bytes; v2 %,d bytes%n", total, index.length, v2.length);
        if (args.length > 0) {
            Path dir = Path.of(args[0]);
            Files.createDirectories(dir);
            Files.write(dir.resolve("v3-index.json"), index);
            Files.write(dir.resolve("v2.json"), v2);
            Files.write(dir.resolve("undescribed-properties.txt"), c.undescribedProperties());
            for (String key : api.v3Paths()) {
                Files.write(dir.resolve("v3-" + key.replace('/', '_') + ".json"), api.v3(key));
            }
        }
    }
}
