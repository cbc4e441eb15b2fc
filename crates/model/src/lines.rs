//! Byte offsets to 1-based line and column numbers.

/// The start offsets of every line of a buffer, for turning byte offsets into positions.
#[derive(Debug, Clone)]
pub struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    pub fn new(text: &[u8]) -> Self {
        let mut starts = vec![0];
        starts.extend(memchr::memchr_iter(b'\n', text).map(|i| i + 1));
        LineIndex { starts }
    }

    /// The 1-based line of a byte offset.
    pub fn line(&self, offset: usize) -> u32 {
        let idx = match self.starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i.saturating_sub(1),
        };
        u32::try_from(idx + 1).unwrap_or(u32::MAX)
    }

    /// The 1-based (line, column) of a byte offset; the column counts Unicode code points
    /// (invalid UTF-8 bytes count one each).
    pub fn position(&self, text: &[u8], offset: usize) -> (u32, u32) {
        let line = self.line(offset);
        let start = self.starts[(line as usize).saturating_sub(1).min(self.starts.len() - 1)];
        let end = offset.min(text.len()).max(start);
        let column = String::from_utf8_lossy(&text[start..end]).chars().count() + 1;
        (line, u32::try_from(column).unwrap_or(u32::MAX))
    }

    /// The byte range of a 1-based line, without its line terminator.
    pub fn line_range(&self, text: &[u8], line: u32) -> Option<std::ops::Range<usize>> {
        let idx = (line as usize).checked_sub(1)?;
        let start = *self.starts.get(idx)?;
        if start > text.len() {
            return None;
        }
        let mut end = self.starts.get(idx + 1).map_or(text.len(), |next| next - 1);
        if end > start && text.get(end - 1) == Some(&b'\r') {
            end -= 1;
        }
        Some(start..end)
    }

    pub fn line_count(&self) -> usize {
        self.starts.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_are_one_based_and_count_code_points() {
        let text = "ab\r\nçd x\n\nlast".as_bytes();
        let index = LineIndex::new(text);
        assert_eq!(index.position(text, 0), (1, 1));
        assert_eq!(index.position(text, 1), (1, 2));
        // "ç" is two bytes; "x" is at byte 4 + 2 + 1 + 1 = 8 and is the 4th code point.
        assert_eq!(index.position(text, 8), (2, 4));
        assert_eq!(index.line(10), 3);
        assert_eq!(index.line_range(text, 1), Some(0..2));
        assert_eq!(&text[index.line_range(text, 4).unwrap()], b"last");
        assert_eq!(index.line_range(text, 9), None);
        assert_eq!(index.line_range(text, 0), None);
    }
}
