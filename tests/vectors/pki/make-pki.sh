#!/bin/sh
# Makes the test PKI of the protocol vectors: an operator CA (P-256) and a
# provisioning server certificate for each suite.  Run once; the results
# are committed so that the vectors stay the same.  Test keys only.
set -eu
cd "$(dirname "$0")"
days=36500
openssl ecparam -name prime256v1 -genkey -noout -out ca.key
openssl req -x509 -new -key ca.key -sha256 -days $days -subj "/CN=bti test operator CA" \
	-addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign,cRLSign \
	-out ca.pem
sign() {
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
openssl ecparam -name prime256v1 -genkey -noout -out server-p256.key
sign server-p256 1 keyAgreement
openssl genrsa -out server-rsa.key 2048
sign server-rsa 2 keyEncipherment
# the servers' key-encryption key (btiprovd.conf's kek); copy it with mode
# 600 to use it
openssl rand -hex 32 > kek
