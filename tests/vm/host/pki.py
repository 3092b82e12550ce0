#!/usr/bin/python3
"""The certificates the provisioning scenarios need beside the vectors'
test PKI, made fresh for each run: OUT/expired.{key,pem} (the operator
CA's, for prov.bti.test, expired), OUT/rogue-ca.pem and OUT/rogue.{key,pem}
(another CA's, for prov.bti.test: what a man in the middle would hold),
OUT/no-agreement.{key,pem} (the operator CA's, for prov.bti.test, whose
key usage allows signatures only).  usage: pki.py VECTORS-PKI-DIR OUT"""
import datetime
import sys

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

HOST = "prov.bti.test"
DAY = datetime.timedelta(days=1)


def name(cn):
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, cn)])


def usage(**allowed):
    flags = dict(digital_signature=False, content_commitment=False,
                 key_encipherment=False, data_encipherment=False,
                 key_agreement=False, key_cert_sign=False, crl_sign=False,
                 encipher_only=False, decipher_only=False)
    flags.update(allowed)
    return x509.KeyUsage(**flags)


def cert(subject, key, issuer, issuer_key, start, end, ca=False, ku=None):
    b = (x509.CertificateBuilder().subject_name(name(subject))
         .issuer_name(name(issuer)).public_key(key.public_key())
         .serial_number(x509.random_serial_number())
         .not_valid_before(start).not_valid_after(end)
         .add_extension(x509.BasicConstraints(ca=ca, path_length=None), True))
    if ca:
        b = b.add_extension(usage(key_cert_sign=True, crl_sign=True), True)
    else:
        b = (b.add_extension(ku or usage(key_agreement=True), True)
             .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), False)
             .add_extension(x509.SubjectAlternativeName([x509.DNSName(HOST)]), False))
    return b.sign(issuer_key, hashes.SHA256())


def write(out, stem, key, crt):
    with open(f"{out}/{stem}.pem", "wb") as f:
        f.write(crt.public_bytes(serialization.Encoding.PEM))
    if key:
        with open(f"{out}/{stem}.key", "wb") as f:
            f.write(key.private_bytes(serialization.Encoding.PEM,
                                      serialization.PrivateFormat.PKCS8,
                                      serialization.NoEncryption()))


def main():
    pki, out = sys.argv[1], sys.argv[2]
    with open(f"{pki}/ca.key", "rb") as f:
        ca_key = serialization.load_pem_private_key(f.read(), None)
    with open(f"{pki}/ca.pem", "rb") as f:
        ca_name = x509.load_pem_x509_certificate(f.read()).subject
    ca_cn = ca_name.get_attributes_for_oid(NameOID.COMMON_NAME)[0].value
    now = datetime.datetime.now(datetime.timezone.utc)

    key = ec.generate_private_key(ec.SECP256R1())
    write(out, "expired", key, cert(HOST, key, ca_cn, ca_key, now - 400 * DAY,
                                    now - 30 * DAY))
    key = ec.generate_private_key(ec.SECP256R1())
    write(out, "no-agreement", key,
          cert(HOST, key, ca_cn, ca_key, now - DAY, now + 30 * DAY,
               ku=usage(digital_signature=True)))
    rogue_key = ec.generate_private_key(ec.SECP256R1())
    rogue = cert("bti rogue CA", rogue_key, "bti rogue CA", rogue_key,
                 now - DAY, now + 30 * DAY, ca=True)
    write(out, "rogue-ca", None, rogue)
    key = ec.generate_private_key(ec.SECP256R1())
    write(out, "rogue", key, cert(HOST, key, "bti rogue CA", rogue_key,
                                  now - DAY, now + 30 * DAY))


main()
