package io.kubepark;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The certificates of {@code kubepark serve}, kept in its data dir: a CA made on first start, a server certificate
 * for loopback, localhost and the listen address signed by it (made anew each start, as the address may change),
 * an admin client certificate (CN=kubepark-admin, O=system:masters) and the admin's bearer token.
 */
final class Pki {
    static final String ADMIN_NAME = "kubepark-admin";
    private static final Duration CA_LIFE = Duration.ofDays(3650);
    private static final Duration LEAF_LIFE = Duration.ofDays(365);

    final KeyPair caKey;
    final X509Certificate ca;
    final String caPem;
    final String serverKeyPem;
    final String serverCertPem;
    final String adminToken;

    private Pki(KeyPair caKey, X509Certificate ca, String serverKeyPem, String serverCertPem, String adminToken) {
        this.caKey = caKey;
        this.ca = ca;
        this.caPem = pem(ca);
        this.serverKeyPem = serverKeyPem;
        this.serverCertPem = serverCertPem;
        this.adminToken = adminToken;
    }

    /** Loads the CA and admin credentials of {@code dir}/pki, making them on first use, and a server certificate. */
    static Pki load(Path dir, String host) {
        try {
            Path pki = dir.resolve("pki");
            Files.createDirectories(pki);
            Path caCrt = pki.resolve("ca.crt");
            Path caKeyFile = pki.resolve("ca.key");
            KeyPair caKey;
            X509Certificate ca;
            if (Files.exists(caCrt) && Files.exists(caKeyFile)) {
                caKey = readKey(Files.readString(caKeyFile));
                ca = readCert(Files.readString(caCrt));
            } else {
                caKey = rsa();
                X500Name name = new X500Name("CN=kubepark-ca");
                ca = sign(name, caKey.getPublic(), name, caKey, CA_LIFE, true, null, List.of());
                writePrivate(caKeyFile, pem(caKey.getPrivate()));
                Files.writeString(caCrt, pem(ca));
            }
            X500Name issuer = new X500Name(ca.getSubjectX500Principal().getName());
            Path token = pki.resolve("admin.token");
            if (!Files.exists(token)) {
                byte[] random = new byte[32];
                new SecureRandom().nextBytes(random);
                writePrivate(token, HexFormat.of().formatHex(random) + "\n");
            }
            if (!Files.exists(pki.resolve("admin.crt"))) {
                KeyPair admin = rsa();
                X509Certificate cert = sign(new X500Name("CN=" + ADMIN_NAME + ",O=system:masters"), admin.getPublic(),
                        issuer, caKey, LEAF_LIFE, false, KeyPurposeId.id_kp_clientAuth, List.of());
                writePrivate(pki.resolve("admin.key"), pem(admin.getPrivate()));
                Files.writeString(pki.resolve("admin.crt"), pem(cert));
            }
            KeyPair server = rsa();
            X509Certificate serverCert = sign(new X500Name("CN=kubepark-apiserver"), server.getPublic(), issuer, caKey,
                    LEAF_LIFE, false, KeyPurposeId.id_kp_serverAuth, sans(host));
            return new Pki(caKey, ca, pem(server.getPrivate()), pem(serverCert), Files.readString(token).trim());
        } catch (IOException | GeneralSecurityException | OperatorCreationException e) {
            throw new IllegalStateException("cannot prepare the certificates in " + dir + ": " + e.getMessage(), e);
        }
    }

    /** The CA certificate, base64 as a kubeconfig's {@code certificate-authority-data} holds it. */
    String caData() {
        return Base64.getEncoder().encodeToString(caPem.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    }

    private static List<GeneralName> sans(String host) {
        Set<GeneralName> names = new LinkedHashSet<>();
        names.add(new GeneralName(GeneralName.iPAddress, "127.0.0.1"));
        names.add(new GeneralName(GeneralName.iPAddress, "::1"));
        names.add(new GeneralName(GeneralName.dNSName, "localhost"));
        for (String dns : List.of("kubernetes", "kubernetes.default", "kubernetes.default.svc",
                "kubernetes.default.svc.cluster.local")) {
            names.add(new GeneralName(GeneralName.dNSName, dns));
        }
        if (!host.equals("0.0.0.0") && !host.equals("::")) {
            boolean ip = host.matches("[0-9.]+") || host.contains(":");
            names.add(new GeneralName(ip ? GeneralName.iPAddress : GeneralName.dNSName, host));
        }
        return new ArrayList<>(names);
    }

    private static KeyPair rsa() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        return generator.generateKeyPair();
    }

    private static X509Certificate sign(X500Name subject, java.security.PublicKey key, X500Name issuer,
            KeyPair issuerKey, Duration life, boolean isCa, KeyPurposeId purpose, List<GeneralName> sans)
            throws IOException, GeneralSecurityException, OperatorCreationException {
        Instant now = Instant.now();
        var builder = new JcaX509v3CertificateBuilder(issuer, new BigInteger(63, new SecureRandom()),
                Date.from(now.minus(Duration.ofMinutes(5))), Date.from(now.plus(life)), subject, key);
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(isCa));
        builder.addExtension(Extension.keyUsage, true, isCa
                ? new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign | KeyUsage.digitalSignature)
                : new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
        if (purpose != null) {
            builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose));
        }
        if (!sans.isEmpty()) {
            builder.addExtension(Extension.subjectAlternativeName, false,
                    new GeneralNames(sans.toArray(GeneralName[]::new)));
        }
        X509CertificateHolder holder = builder.build(new JcaContentSignerBuilder("SHA256withRSA")
                .build(issuerKey.getPrivate()));
        return new JcaX509CertificateConverter().getCertificate(holder);
    }

    static String pem(Object o) {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            writer.writeObject(o instanceof java.security.PrivateKey k
                    ? new org.bouncycastle.openssl.jcajce.JcaPKCS8Generator(k, null) : o);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out.toString();
    }

    private static KeyPair readKey(String pem) throws IOException {
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            Object o = parser.readObject();
            JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
            if (o instanceof PEMKeyPair pair) {
                return converter.getKeyPair(pair);
            }
            if (o instanceof org.bouncycastle.asn1.pkcs.PrivateKeyInfo info) {
                var priv = (java.security.interfaces.RSAPrivateCrtKey) converter.getPrivateKey(info);
                try {
                    var pub = java.security.KeyFactory.getInstance("RSA").generatePublic(
                            new java.security.spec.RSAPublicKeySpec(priv.getModulus(), priv.getPublicExponent()));
                    return new KeyPair(pub, priv);
                } catch (GeneralSecurityException e) {
                    throw new IOException(e);
                }
            }
            throw new IOException("not a private key");
        }
    }

    private static X509Certificate readCert(String pem) throws IOException, GeneralSecurityException {
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            return new JcaX509CertificateConverter().getCertificate((X509CertificateHolder) parser.readObject());
        }
    }

    private static void writePrivate(Path file, String text) throws IOException {
        Files.writeString(file, text);
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system
        }
    }

}
