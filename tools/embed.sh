#!/bin/sh
# embed.sh NAME FILE - prints a C file defining NAME[] (the bytes of FILE) and NAME_len,
# so that the plan schema is compiled into the library and truce needs no files beside it.
set -e
name=$1
file=$2
echo "/* generated from $file by tools/embed.sh; do not edit */"
echo "#include <stddef.h>"
echo "const unsigned char ${name}[] = {"
od -An -v -tx1 "$file" | sed -e 's/  */ /g' -e 's/^ //' -e '/^$/d' -e 's/\([0-9a-f][0-9a-f]\)/0x\1,/g'
echo "0x00 };"
echo "const size_t ${name}_len = sizeof ${name} - 1;"
