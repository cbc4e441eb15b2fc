//! The transparency log's proofs: RFC 9162 inclusion proofs over the log's Merkle tree, and the
//! signed checkpoint (a signed note: origin, tree size, root hash) that commits to its root.

use sha2::Digest;

use crate::keys::PublicKey;
use crate::{Error, Result};

/// The hash of a log leaf: SHA-256(0x00 ‖ entry).
pub fn leaf_hash(entry: &[u8]) -> [u8; 32] {
    let mut h = sha2::Sha256::new();
    h.update([0u8]);
    h.update(entry);
    h.finalize().into()
}

fn node_hash(left: &[u8], right: &[u8]) -> [u8; 32] {
    let mut h = sha2::Sha256::new();
    h.update([1u8]);
    h.update(left);
    h.update(right);
    h.finalize().into()
}

/// The root that an inclusion proof of `leaf` at `index` in a tree of `size` leaves leads to
/// (RFC 9162, section 2.1.3.2), or why the proof is malformed.
pub fn root_from_proof(
    index: u64,
    size: u64,
    leaf: [u8; 32],
    proof: &[Vec<u8>],
) -> Result<[u8; 32]> {
    if index >= size {
        return Err(Error::new(format!(
            "the inclusion proof's index {index} is not below its tree size {size}"
        )));
    }
    let (mut f, mut s) = (index, size - 1);
    let mut r = leaf;
    for p in proof {
        if p.len() != 32 {
            return Err(Error::new("an inclusion proof hash is not 32 bytes"));
        }
        if s == 0 {
            return Err(Error::new(
                "the inclusion proof is longer than the tree is deep",
            ));
        }
        if f & 1 == 1 || f == s {
            r = node_hash(p, &r);
            if f & 1 == 0 {
                while f & 1 == 0 && f != 0 {
                    f >>= 1;
                    s >>= 1;
                }
            }
        } else {
            r = node_hash(&r, p);
        }
        f >>= 1;
        s >>= 1;
    }
    if s != 0 {
        return Err(Error::new(
            "the inclusion proof is shorter than the tree is deep",
        ));
    }
    Ok(r)
}

/// A signed checkpoint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Checkpoint {
    pub origin: String,
    pub size: u64,
    pub root_hash: Vec<u8>,
    /// The signed text: the note's body, through its last newline.
    body: String,
    /// (name, key hint, signature) of each signature line.
    signatures: Vec<(String, [u8; 4], Vec<u8>)>,
}

impl Checkpoint {
    /// Parse a signed note; an error says what is missing.
    pub fn parse(envelope: &str) -> Result<Checkpoint> {
        let (body, sigs) = envelope
            .split_once("\n\n")
            .ok_or_else(|| Error::new("the checkpoint has no signature block"))?;
        let body = format!("{body}\n");
        let mut lines = body.lines();
        let origin = lines
            .next()
            .filter(|l| !l.is_empty())
            .ok_or_else(|| Error::new("the checkpoint has no origin line"))?
            .to_string();
        let size = lines
            .next()
            .and_then(|l| l.parse::<u64>().ok())
            .ok_or_else(|| Error::new("the checkpoint's second line is not a tree size"))?;
        let root_hash = lines
            .next()
            .ok_or_else(|| Error::new("the checkpoint has no root hash line"))
            .and_then(|l| crate::b64("checkpoint root hash", l))?;
        let mut signatures = Vec::new();
        for line in sigs.lines().filter(|l| !l.is_empty()) {
            let rest = line.strip_prefix("\u{2014} ").ok_or_else(|| {
                Error::new("a checkpoint signature line does not start with '— '")
            })?;
            let (name, b64) = rest
                .rsplit_once(' ')
                .ok_or_else(|| Error::new("a checkpoint signature line has no signature"))?;
            let raw = crate::b64("checkpoint signature", b64)?;
            if raw.len() < 5 {
                return Err(Error::new("a checkpoint signature is too short"));
            }
            let mut hint = [0u8; 4];
            hint.copy_from_slice(&raw[..4]);
            signatures.push((name.to_string(), hint, raw[4..].to_vec()));
        }
        if signatures.is_empty() {
            return Err(Error::new("the checkpoint carries no signature"));
        }
        Ok(Checkpoint {
            origin,
            size,
            root_hash,
            body,
            signatures,
        })
    }

    /// Whether a signature of the key whose hint is `hint` verifies over the note.
    pub fn verify(&self, key: &PublicKey, hint: &[u8]) -> Result<()> {
        let mut tried = false;
        for (_, h, sig) in &self.signatures {
            if h.as_slice() == hint {
                tried = true;
                if key.verify(self.body.as_bytes(), sig).is_ok() {
                    return Ok(());
                }
            }
        }
        Err(Error::new(if tried {
            "the checkpoint's signature by the log does not verify"
        } else {
            "the checkpoint carries no signature by the log's key"
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A tree of `n` leaves, each leaf hash and every level (RFC 9162 MTH), built the slow way.
    fn mth(leaves: &[[u8; 32]]) -> [u8; 32] {
        match leaves.len() {
            1 => leaves[0],
            n => {
                let k = n.next_power_of_two() / 2;
                let k = if k == n { n / 2 } else { k };
                node_hash(&mth(&leaves[..k]), &mth(&leaves[k..]))
            }
        }
    }

    fn path(index: usize, leaves: &[[u8; 32]]) -> Vec<Vec<u8>> {
        if leaves.len() <= 1 {
            return Vec::new();
        }
        let n = leaves.len();
        let k = n.next_power_of_two() / 2;
        let k = if k == n { n / 2 } else { k };
        if index < k {
            let mut p = path(index, &leaves[..k]);
            p.push(mth(&leaves[k..]).to_vec());
            p
        } else {
            let mut p = path(index - k, &leaves[k..]);
            p.push(mth(&leaves[..k]).to_vec());
            p
        }
    }

    #[test]
    fn every_leaf_of_trees_up_to_17_proves_into_the_root_and_a_changed_hash_does_not() {
        for n in 1..=17usize {
            let leaves: Vec<[u8; 32]> = (0..n).map(|i| leaf_hash(&[i as u8])).collect();
            let root = mth(&leaves);
            for i in 0..n {
                let proof = path(i, &leaves);
                assert_eq!(
                    root_from_proof(i as u64, n as u64, leaves[i], &proof),
                    Ok(root)
                );
                if let Some(first) = proof.first() {
                    let mut bad = proof.clone();
                    bad[0] = first.iter().map(|b| b ^ 1).collect();
                    assert_ne!(
                        root_from_proof(i as u64, n as u64, leaves[i], &bad),
                        Ok(root)
                    );
                }
            }
            assert!(root_from_proof(n as u64, n as u64, leaves[0], &[]).is_err());
        }
    }

    #[test]
    fn checkpoints_parse_and_say_what_is_missing() {
        let note = "example.org/log\n7\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n\n\u{2014} example.org/log AQIDBAUG\n";
        let c = Checkpoint::parse(note).unwrap();
        assert_eq!(
            (c.origin.as_str(), c.size, c.root_hash.len()),
            ("example.org/log", 7, 32)
        );
        assert_eq!(c.signatures[0].1, [1, 2, 3, 4]);
        assert!(Checkpoint::parse("example.org/log\n7\n").is_err());
        assert!(
            Checkpoint::parse("example.org/log\nseven\nAA==\n\n\u{2014} x AQIDBAUG\n").is_err()
        );
        assert!(Checkpoint::parse("o\n7\nAA==\n\n").is_err());
    }
}
