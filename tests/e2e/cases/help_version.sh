# --help and --version print to stdout and exit 0.
$SPYGLASS --help | head -3
echo "exit $?"
$SPYGLASS --version
$SPYGLASS -V
