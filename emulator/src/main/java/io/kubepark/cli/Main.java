package io.kubepark.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code kubepark} command. */
@Command(name = "kubepark", mixinStandardHelpOptions = true, versionProvider = Main.VersionProvider.class,
        description = "A Kubernetes control plane in one JVM.",
        subcommands = {ServeCommand.class, ExportCommand.class, CommandLine.HelpCommand.class})
public final class Main {
    public static final String VERSION = "0.1.0-SNAPSHOT";

    public static void main(String[] args) {
        int code = new CommandLine(new Main()).execute(args);
        if (code != 0) {
            System.exit(code);
        }
    }

    static final class VersionProvider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"kubepark " + VERSION + " (Kubernetes API v1.33)"};
        }
    }
}
