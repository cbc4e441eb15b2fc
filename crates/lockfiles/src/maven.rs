//! Not yet written.

use crate::{ParseError, Parsed};

pub fn parse_pom(_text: &str) -> Result<Parsed, ParseError> {
    Err(ParseError::at(None, None, "not supported yet"))
}

pub fn parse_gradle(_text: &str) -> Result<Parsed, ParseError> {
    Err(ParseError::at(None, None, "not supported yet"))
}
