"""The asymmetric signing key in AWS KMS: the private key never leaves KMS; we send a message and get
its signature back (DER, as KMS gives ECDSA signatures)."""

from certtrack import aws


def sign(key_id: str, message: bytes) -> bytes:
    """ECDSA P-256 with SHA-256 over `message` (KMS hashes it: messages here are small)."""
    out = aws.client("kms").sign(KeyId=key_id, Message=message, MessageType="RAW", SigningAlgorithm="ECDSA_SHA_256")
    return out["Signature"]


def public_key(key_id: str) -> bytes:
    """The key's public half, DER-encoded SubjectPublicKeyInfo."""
    return aws.client("kms").get_public_key(KeyId=key_id)["PublicKey"]
