//! Not yet written.

use crate::{ParseError, Parsed};

pub fn parse(_text: &str) -> Result<Parsed, ParseError> {
    Err(ParseError::at(None, None, "not supported yet"))
}
