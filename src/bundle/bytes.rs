//! File contents in memory: one buffer, or pieces of others. A signing packet is its zip
//! headers between the documents' own bytes, which are not copied (at 60 members, 28 MB of
//! packets that would be copies of the top-level files).

use std::borrow::Cow;
use std::fmt;
use std::sync::Arc;

/// A file's bytes, cheap to clone and shared between a document and the packets that hold it.
#[derive(Clone)]
pub struct Bytes(Arc<Body>);

enum Body {
    Whole(Vec<u8>),
    Pieces { pieces: Vec<Piece>, len: usize },
}

/// A piece of a file made of pieces: bytes of its own, or the whole of another file.
#[derive(Clone)]
pub enum Piece {
    /// Bytes of its own (a zip header).
    Own(Vec<u8>),
    /// All of another file's bytes.
    Of(Bytes),
}

impl Bytes {
    /// A file made of `pieces`, in order. A piece that is itself made of pieces is taken
    /// apart, so a file is never more than one level deep.
    pub fn from_pieces(pieces: Vec<Piece>) -> Bytes {
        let mut flat: Vec<Piece> = Vec::with_capacity(pieces.len());
        for p in pieces {
            match p {
                Piece::Of(b) => match &*b.0 {
                    Body::Whole(_) => flat.push(Piece::Of(b)),
                    Body::Pieces { pieces, .. } => flat.extend(pieces.iter().cloned()),
                },
                own => flat.push(own),
            }
        }
        let len = flat.iter().map(Piece::len).sum();
        Bytes(Arc::new(Body::Pieces { pieces: flat, len }))
    }

    /// The number of bytes.
    pub fn len(&self) -> usize {
        match &*self.0 {
            Body::Whole(v) => v.len(),
            Body::Pieces { len, .. } => *len,
        }
    }

    /// The bytes it holds itself: all of them for one buffer; for a file of pieces only its
    /// own (the zip headers), the rest being other files' buffers. What keeping a bundle in
    /// memory costs is the sum of this over its files.
    pub fn held(&self) -> usize {
        match &*self.0 {
            Body::Whole(v) => v.len(),
            Body::Pieces { pieces, .. } => pieces
                .iter()
                .map(|p| match p {
                    Piece::Own(v) => v.len(),
                    Piece::Of(_) => 0,
                })
                .sum(),
        }
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The bytes, when they are in one buffer.
    pub fn as_whole(&self) -> Option<&[u8]> {
        match &*self.0 {
            Body::Whole(v) => Some(v),
            Body::Pieces { .. } => None,
        }
    }

    /// The bytes in order, as consecutive slices.
    pub fn slices(&self) -> impl Iterator<Item = &[u8]> {
        let (whole, pieces): (Option<&[u8]>, &[Piece]) = match &*self.0 {
            Body::Whole(v) => (Some(v), &[]),
            Body::Pieces { pieces, .. } => (None, pieces),
        };
        whole.into_iter().chain(pieces.iter().map(Piece::bytes))
    }

    /// The bytes in one slice: borrowed when they are in one buffer, else joined.
    pub fn contiguous(&self) -> Cow<'_, [u8]> {
        match &*self.0 {
            Body::Whole(v) => Cow::Borrowed(v),
            Body::Pieces { .. } => Cow::Owned(self.to_vec()),
        }
    }

    /// The bytes in a new buffer.
    pub fn to_vec(&self) -> Vec<u8> {
        let mut v = Vec::with_capacity(self.len());
        for s in self.slices() {
            v.extend_from_slice(s);
        }
        v
    }

    /// Write the bytes to `w`, slice by slice.
    pub fn write_to(&self, w: &mut impl std::io::Write) -> std::io::Result<()> {
        self.slices().try_for_each(|s| w.write_all(s))
    }
}

impl Piece {
    fn bytes(&self) -> &[u8] {
        match self {
            Piece::Own(v) => v,
            Piece::Of(b) => b.as_whole().expect("a piece is a whole file"),
        }
    }

    fn len(&self) -> usize {
        self.bytes().len()
    }
}

impl From<Vec<u8>> for Bytes {
    fn from(v: Vec<u8>) -> Bytes {
        Bytes(Arc::new(Body::Whole(v)))
    }
}

impl PartialEq for Bytes {
    fn eq(&self, other: &Bytes) -> bool {
        if Arc::ptr_eq(&self.0, &other.0) {
            return true;
        }
        if self.len() != other.len() {
            return false;
        }
        match (self.as_whole(), other.as_whole()) {
            (Some(a), Some(b)) => a == b,
            _ => self.contiguous() == other.contiguous(),
        }
    }
}

impl Eq for Bytes {}

impl fmt::Debug for Bytes {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &*self.0 {
            Body::Whole(v) => write!(f, "Bytes({} bytes)", v.len()),
            Body::Pieces { pieces, len } => {
                write!(f, "Bytes({len} bytes in {} pieces)", pieces.len())
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pieces_read_as_the_bytes_they_join() {
        let doc = Bytes::from(b"document".to_vec());
        let packet = Bytes::from_pieces(vec![
            Piece::Own(b"[".to_vec()),
            Piece::Of(doc.clone()),
            Piece::Own(b"]".to_vec()),
        ]);
        assert_eq!(packet.len(), 10);
        assert_eq!((packet.held(), doc.held()), (2, 8));
        assert_eq!(packet.to_vec(), b"[document]");
        assert!(packet == Bytes::from(b"[document]".to_vec()));
        assert!(packet != Bytes::from(b"[documenT]".to_vec()));
        assert!(packet.as_whole().is_none());
        // A file of pieces inside another is taken apart, one level deep.
        let outer = Bytes::from_pieces(vec![Piece::Of(packet.clone()), Piece::Of(doc)]);
        assert_eq!(outer.to_vec(), b"[document]document");
        assert_eq!(outer.slices().count(), 4);
        let mut out = Vec::new();
        outer.write_to(&mut out).unwrap();
        assert_eq!(out, outer.to_vec());
    }
}
