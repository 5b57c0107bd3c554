# Usage errors exit 2.
$SPYGLASS --bogus
echo "exit $?"
$SPYGLASS
echo "exit $?"
$SPYGLASS -p notapid -e 'BEGIN {}'
echo "exit $?"
$SPYGLASS -f xml -e 'BEGIN {}'
echo "exit $?"
