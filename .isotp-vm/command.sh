export ISOTP_VM=1
export JAVA_TOOL_OPTIONS=-XX:TieredStopAtLevel=1
exec /bin/bash benchmarks/target/scale-async.sh
