#!/usr/bin/env bash
# Time to a usable cluster under the JUnit 5 extensions: @KubeParkTest against fabric8's
# @EnableKubernetesMockClient, per test class and per test, each side in a fresh JVM. Prints a Markdown table.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
mvn -B -q -DskipTests -Dinvoker.skip -pl benchmarks -am package
exec java -cp "benchmarks/target/classes:$(cat benchmarks/target/classpath.txt)" \
  io.kubepark.benchmarks.junit.ExtensionStartHarness "$@"
