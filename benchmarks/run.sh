#!/usr/bin/env bash
# Measures KubePark against fabric8's KubernetesMockServer (CRUD mode) and prints a Markdown table.
# Run from anywhere; options are passed to the harness (--help lists them).
#   benchmarks/run.sh                          # defaults: --objects 10000 --ops 2000
#   benchmarks/run.sh --objects 2000 --ops 500 --out results.md
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

# Builds the KubePark jar (emulator/target/kubepark.jar) and this module, which writes its
# class path to benchmarks/target/classpath.txt.
mvn -B -q -DskipTests -pl benchmarks -am package

command="benchmarks/run.sh"
for arg in "$@"; do
  command+=" $(printf '%q' "$arg")"
done

exec java -Dkubepark.bench.command="$command" \
  -cp "benchmarks/target/classes:$(cat benchmarks/target/classpath.txt)" \
  io.kubepark.benchmarks.Harness "$@"
