#!/usr/bin/env bash
# Turns a text file into C source so the programs carry it with them.
#   embed.sh string NAME FILE   -> const char NAME[] = "...";
#   embed.sh lines NAME FILE    -> const char *const NAME[]; size_t nNAME;
#                                  (one string per line, '#' comments and
#                                  blank lines skipped)
set -euo pipefail
mode=$1 name=$2 file=$3
esc() { sed -e 's/\\/\\\\/g' -e 's/"/\\"/g' -e 's/\t/\\t/g'; }
echo "/* Generated from $file by scripts/embed.sh; do not edit. */"
echo "#include <stddef.h>"
case $mode in
string)
	echo "extern const char $name[];"
	echo "const char $name[] ="
	esc < "$file" | sed -e 's/^/    "/' -e 's/$/\\n"/'
	echo "    ;"
	;;
lines)
	echo "extern const char *const $name[];"
	echo "extern const size_t n$name;"
	echo "const char *const $name[] = {"
	grep -v -e '^#' -e '^[[:space:]]*$' "$file" | esc | sed -e 's/^/    "/' -e 's/$/",/'
	echo "};"
	echo "const size_t n$name = sizeof($name) / sizeof($name[0]);"
	;;
*)
	echo "embed.sh: unknown mode $mode" >&2
	exit 2
	;;
esac
