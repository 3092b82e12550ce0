#!/bin/sh
# Makes the test PKI of the protocol vectors: an operator CA (P-256) and a
# provisioning server certificate for each suite; a maker CA and the
# attestation certificate of the vectors' device.  Files that exist are
# kept, since the vectors are made from them: delete one to make it again.
# Test keys only.
set -eu
cd "$(dirname "$0")"
days=36500
if [ ! -e ca.pem ]; then
	rm -f server-p256.pem server-rsa.pem	# a new CA signs them again
	openssl ecparam -name prime256v1 -genkey -noout -out ca.key
	openssl req -x509 -new -key ca.key -sha256 -days $days -subj "/CN=bti test operator CA" \
		-addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign,cRLSign \
		-out ca.pem
fi
sign() {
	[ -e "$1.pem" ] && return
	openssl req -new -key "$1.key" -subj "/CN=prov.bti.test" -out "$1.csr"
	openssl x509 -req -in "$1.csr" -CA ca.pem -CAkey ca.key -set_serial "$2" -days $days -sha256 \
		-extfile /dev/stdin -out "$1.pem" <<EXT
basicConstraints=critical,CA:FALSE
keyUsage=critical,$3
extendedKeyUsage=serverAuth
subjectAltName=DNS:prov.bti.test
EXT
	rm "$1.csr"
}
[ -e server-p256.key ] || openssl ecparam -name prime256v1 -genkey -noout -out server-p256.key
sign server-p256 1 keyAgreement
[ -e server-rsa.key ] || openssl genrsa -out server-rsa.key 2048
sign server-rsa 2 keyEncipherment
# the servers' key-encryption key (btiprovd.conf's kek); copy it with mode
# 600 to use it
[ -e kek ] || openssl rand -hex 32 > kek

# A maker's CA, and the certificate it gives the vectors' device: the key
# is the public half of the fixed "device identity key" of
# Documentation/protocol.rst, section 10, which the maker never holds.
if [ ! -e maker-ca.pem ]; then
	rm -f device.pem
	openssl ecparam -name prime256v1 -genkey -noout -out maker-ca.key
	openssl req -x509 -new -key maker-ca.key -sha256 -days $days -subj "/O=bti test maker/CN=bti test maker CA" \
		-addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign,cRLSign \
		-out maker-ca.pem
fi
if [ ! -e device.pem ]; then
	python3 -c 'import sys; sys.path.insert(0, ".."); import protocol
from cryptography.hazmat.primitives import serialization as s
from cryptography.hazmat.primitives.asymmetric import ec
pk = ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(),
	protocol.p256_public(protocol.fixed("device identity key")))
sys.stdout.buffer.write(pk.public_bytes(s.Encoding.PEM, s.PublicFormat.SubjectPublicKeyInfo))' > device.pub
	openssl x509 -new -force_pubkey device.pub -subj "/O=bti test maker/CN=bti test device 0001" \
		-CA maker-ca.pem -CAkey maker-ca.key -set_serial 0x1001 -days $days -sha256 \
		-extfile /dev/stdin -out device.pem <<EXT
basicConstraints=critical,CA:FALSE
keyUsage=critical,keyAgreement
EXT
	rm device.pub
fi
# The same key's private half, which only the device holds: for test
# devices that attest as the vectors' device does.
if [ ! -e device.key ]; then
	python3 -c 'import sys; sys.path.insert(0, ".."); import protocol
from cryptography.hazmat.primitives import serialization as s
from cryptography.hazmat.primitives.asymmetric import ec
k = ec.derive_private_key(int.from_bytes(protocol.fixed("device identity key"), "big"),
	ec.SECP256R1())
sys.stdout.buffer.write(k.private_bytes(s.Encoding.PEM, s.PrivateFormat.PKCS8,
	s.NoEncryption()))' > device.key
fi
