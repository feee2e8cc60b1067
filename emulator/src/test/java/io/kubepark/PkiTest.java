package io.kubepark;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PkiTest {
    @TempDir
    Path dir;

    private static X509Certificate cert(String pem) throws Exception {
        return (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void theCaAndAdminCredentialsAreKeptAcrossStartsAndTheServerCertificateIsSignedByTheCa() throws Exception {
        Pki first = Pki.load(dir, "127.0.0.1");
        Pki second = Pki.load(dir, "10.1.2.3");
        assertThat(second.caPem).isEqualTo(first.caPem);
        assertThat(second.adminToken).isEqualTo(first.adminToken).hasSize(64);
        X509Certificate server = cert(second.serverCertPem);
        server.verify(first.ca.getPublicKey());
        assertThat(server.getSubjectAlternativeNames().stream().map(n -> String.valueOf(n.get(1))).toList())
                .contains("127.0.0.1", "localhost", "10.1.2.3", "kubernetes.default.svc");
        X509Certificate admin = cert(Files.readString(dir.resolve("pki/admin.crt")));
        admin.verify(first.ca.getPublicKey());
        assertThat(admin.getSubjectX500Principal().getName()).contains("CN=kubepark-admin").contains("O=system:masters");
        assertThat(Files.getPosixFilePermissions(dir.resolve("pki/ca.key")))
                .isEqualTo(java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
    }

    @Test
    void theKubeconfigOfATlsServerCarriesTheCaAndTheAdminToken() {
        Pki pki = Pki.load(dir, "127.0.0.1");
        String kubeconfig = Kubeconfig.render("https://127.0.0.1:6443", pki.caData(), pki.adminToken);
        assertThat(kubeconfig).contains("server: https://127.0.0.1:6443\n    certificate-authority-data: "
                + pki.caData() + "\n").contains("token: " + pki.adminToken + "\n");
        assertThat(Kubeconfig.render("http://127.0.0.1:1", null, "kubepark")).doesNotContain("certificate-authority")
                .contains("server: http://127.0.0.1:1\n");
        assertThat(List.of(pki.caPem)).allSatisfy(p -> assertThat(p).startsWith("-----BEGIN CERTIFICATE-----"));
    }
}
