//! Not yet written.

use crate::{ParseError, Parsed, Reader};

pub fn parse_requirements(
    _rel: &str,
    _text: &str,
    _read: Reader<'_>,
) -> Result<Parsed, ParseError> {
    Err(ParseError::at(None, None, "not supported yet"))
}

pub fn parse_poetry(_text: &str) -> Result<Parsed, ParseError> {
    Err(ParseError::at(None, None, "not supported yet"))
}

pub fn parse_pipfile(_text: &str) -> Result<Parsed, ParseError> {
    Err(ParseError::at(None, None, "not supported yet"))
}

pub fn parse_uv(_text: &str) -> Result<Parsed, ParseError> {
    Err(ParseError::at(None, None, "not supported yet"))
}
