#!/usr/bin/python3
"""Write the kernel's known answers from hpke.py and oaep.py:
driver/core/kat.h (the module's self-test and KUnit) and
tests/kunit/rsa_test_key.h (KUnit only: the test key's private half)."""
import os
import sys

here = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, here)
import hpke  # noqa: E402
import oaep  # noqa: E402

top = os.path.join(here, "..", "..")


def field(name, b, indent="\t\t"):
    rows = [indent + "\t" + " ".join(f"0x{x:02x}," for x in b[i:i + 8])
            for i in range(0, len(b), 8)]
    return f"{indent}.{name} = {{\n" + "\n".join(rows) + f"\n{indent}}},\n"


def array(name, b):
    rows = ["\t" + " ".join(f"0x{x:02x}," for x in b[i:i + 8])
            for i in range(0, len(b), 8)]
    return f"static const u8 {name}[] = {{\n" + "\n".join(rows) + "\n};\n"


def hpke_suite(comment, aead, out):
    s = f"\t\t/* {comment} */\n\t\t{{\n\t\t\t.aead = &{aead},\n"
    for f, v in [("key", out["key"]), ("nonce", out["base_nonce"]),
                 ("exporter", out["exporter_secret"]), ("ct", out["ct"])]:
        s += field(f, v, "\t\t\t")
    return s + "\t\t},\n"


a = hpke.A3
aes128 = hpke.seal(1, 16, **a)
aes256 = hpke.seal(2, 32, **a)
assert aes128["enc"] == aes256["enc"]
kat = '''/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Known answers, written by tests/vectors/kat.py; do not edit.
 *
 * HPKE: RFC 9180 A.3.1, and the same inputs sealed with AES-256-GCM
 * (suite 1) by tests/vectors/hpke.py, an implementation apart from the
 * kernel's that checks itself against A.3.1.  The KEM's outputs do not
 * depend on the AEAD, so both share them.
 *
 * RSA-OAEP-SHA256 (suite 2): a fixed seed's encoding by
 * tests/vectors/oaep.py, checked by OpenSSL's decryption, under a 2048-bit
 * test key made for nothing else.
 */
#ifndef _BTI_KAT_H
#define _BTI_KAT_H

#include "crypto/hpke.h"
#include "crypto/oaep.h"

struct bti_hpke_kat {
	u8 ske[BTI_P256_SCALAR];
	u8 pkr[BTI_P256_POINT];
	u8 info[20];
	u8 aad[7];
	u8 pt[29];
	u8 enc[BTI_P256_POINT];
	u8 shared[BTI_HPKE_SECRET];
	struct bti_hpke_kat_suite {
		const struct bti_hpke_aead *aead;
		u8 key[BTI_HPKE_KEY_MAX];
		u8 nonce[BTI_HPKE_NONCE];
		u8 exporter[BTI_HPKE_SECRET];
		u8 ct[29 + BTI_HPKE_TAG];
	} suite[2];
};

/* RFC 9180 A.3.1: DHKEM(P-256, HKDF-SHA256), HKDF-SHA256 */
static const struct bti_hpke_kat bti_hpke_kat = {
'''
for f, v in [("ske", a["skE"]), ("pkr", a["pkR"]), ("info", a["info"]),
             ("aad", a["aad"]), ("pt", a["pt"]), ("enc", aes128["enc"]),
             ("shared", aes128["shared_secret"])]:
    kat += field(f, v, "\t")
kat += "\t.suite = {\n"
kat += hpke_suite("AES-128-GCM, as A.3.1 publishes", "bti_hpke_aes128gcm", aes128)
kat += hpke_suite("AES-256-GCM, bti's suite 1", "bti_hpke_aes256gcm", aes256)
kat += "\t},\n"
kat += '''};

struct bti_oaep_kat {
	u8 pub[%d];
	u8 msg[%d];
	u8 label[%d];
	u8 seed[BTI_OAEP_SEED];
	u8 em[%d];
	u8 ct[%d];
};

static const struct bti_oaep_kat bti_oaep_kat = {
''' % (len(oaep.der_pub), len(oaep.msg), len(oaep.label), len(oaep.em),
       len(oaep.ct))
for f in ("pub", "msg", "label", "seed", "em", "ct"):
    kat += field(f, getattr(oaep, "der_pub" if f == "pub" else f), "\t")
kat += "};\n\n#endif /* _BTI_KAT_H */\n"
open(os.path.join(top, "driver/core/kat.h"), "w").write(kat)

key = '''/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Written by tests/vectors/kat.py; do not edit.  The private half of the
 * test key in driver/core/kat.h, for round trips, and a 1024-bit public key
 * that bti must refuse.
 */
'''
key += array("rsa_test_priv", oaep.der_priv) + "\n"
key += array("rsa_1024_pub", oaep.small)
open(os.path.join(top, "tests/kunit/rsa_test_key.h"), "w").write(key)

# The protocol's messages, for the kernel's session tests: both suites,
# user key kind 1, with the fixed inputs they were made from.
import protocol  # noqa: E402

vec = '''/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Written by tests/vectors/kat.py from tests/vectors/protocol.py; do not
 * edit.  Documentation/protocol-vectors.txt holds the same sessions.
 */
'''
for name in ("device nonce", "key nonce", "kek", "session key",
             "hpke ephemeral key", "oaep seed"):
    vec += array("pv_" + name.replace(" ", "_"), protocol.fixed(name)) + "\n"
vec += array("pv_audio_key", protocol.fixed("audio master key", 16)) + "\n"
vec += array("pv_audio_salt", protocol.fixed("audio master salt", 12)) + "\n"
vec += array("pv_user_key", protocol.fixed("user key")) + "\n"
vec += array("pv_device_public_key",
             protocol.p256_public(protocol.fixed("device identity key"))) + "\n"
vec += array("pv_config", protocol.CONFIG) + "\n"
for suite, kind in ((1, 1), (1, 2), (2, 1)):
    s = protocol.run(suite, kind)
    if (suite, kind) == (1, 1):
        vec += array("pv_request", s.messages[0][2]) + "\n"
    seen = {}
    for mtype, sender, msg in s.messages[1:]:
        name = protocol.NAMES[mtype].lower()
        seen[name] = seen.get(name, 0) + 1
        if mtype == protocol.AUTH_RESULT:
            name += f"_{seen[name]}"
        if mtype == protocol.SERVER_HELLO:
            # the same for both kinds: it depends on the suite alone
            if kind == 1:
                vec += array(f"pv_s{suite}_{name}", msg) + "\n"
            continue
        vec += array(f"pv_s{suite}k{kind}_{name}", msg) + "\n"
# Re-provisioning, suite 1: the messages that differ from a first session.
vec += array("pv_device_private_key", protocol.fixed("device identity key")) + "\n"
vec += array("pv_old_user_key", protocol.fixed("old user key")) + "\n"
for kind in (1, 2):
    s = protocol.run(1, kind, True)
    seen = {}
    for mtype, sender, msg in s.messages:
        name = protocol.NAMES[mtype].lower()
        seen[name] = seen.get(name, 0) + 1
        if mtype == protocol.SERVER_HELLO:
            continue
        if mtype == protocol.AUTH_RESULT:
            name += f"_{seen[name]}"
        vec += array(f"pv_r{kind}_{name}", msg) + "\n"
for suite in (1, 2):
    vec += array(f"pv_s{suite}_server_key",
                 protocol.leaf_key(1) if suite == 1 else
                 protocol.leaf_key(2).public_bytes(
                     protocol.serialization.Encoding.DER,
                     protocol.serialization.PublicFormat.PKCS1)) + "\n"
open(os.path.join(top, "tests/kunit/protocol_vectors.h"), "w").write(vec.rstrip() + "\n")

voice_key, voice_salt, frames = protocol.voice()
vec = '''/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Written by tests/vectors/kat.py from tests/vectors/protocol.py; do not
 * edit.  Documentation/protocol-vectors.txt's voice channel.
 */
'''
vec += array("vv_master_key", protocol.fixed("audio master key", 16)) + "\n"
vec += array("vv_master_salt", protocol.fixed("audio master salt", 12)) + "\n"
vec += array("vv_session_key", voice_key) + "\n"
vec += array("vv_session_salt", voice_salt) + "\n"
for side, plain, sealed in frames:
    vec += array(f"vv_{side}_rtp", plain) + "\n"
    vec += array(f"vv_{side}_srtp", sealed) + "\n"
open(os.path.join(top, "tests/kunit/voice_vectors.h"), "w").write(vec.rstrip() + "\n")
