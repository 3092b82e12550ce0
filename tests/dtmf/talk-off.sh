#!/bin/sh
# The software DTMF detector against talk-off: 25 minutes of recorded
# speech, Asterisk's English prompts (Debian's asterisk-core-sounds-en-wav),
# through tests/dtmf/talk-off.c.  Usage: talk-off.sh OUTDIR
set -eu

top=$(cd "$(dirname "$0")/../.." && pwd)
out=$1
mkdir -p "$out"
cc -std=gnu11 -O2 -g -Wall -Wextra -Werror -fsanitize=address,undefined \
	-fno-sanitize-recover=all -I"$top/tests/dtmf/shim" \
	-I"$top/driver/core" -o "$out/talk-off" "$top/tests/dtmf/talk-off.c" \
	-lspandsp -lm
# one file, in a fixed order; each prompt is 8 kHz 16-bit mono
prompts=$(find /usr/share/asterisk/sounds/en_US_f_Allison -name '*.wav' |
	LC_ALL=C sort)
[ -n "$prompts" ] || { echo "talk-off: no speech to play" >&2; exit 1; }
# shellcheck disable=SC2086 # one word per file
sox $prompts -t raw -e signed -b 16 "$out/speech.s16"
"$out/talk-off" "$out/speech.s16"
