//! GitHub Actions expressions (`${{ … }}`): which contexts an expression's value can carry.
//!
//! A script injection needs attacker text in the *value* the runner pastes into the script, so
//! each expression is parsed (literals, context paths with `.name`, `['name']`, `[0]` and `.*`,
//! function calls, `!`, comparisons, `&&`, `||`) and reduced to the contexts whose text can end
//! up in its value:
//!
//! - a context path is rendered as itself, normalised: lower case (contexts are case-insensitive),
//!   `['name']` as `.name`, an index or `.*` as `.*` (`github.event.commits[0].message` becomes
//!   `github.event.commits.*.message`);
//! - `contains`, `startsWith`, `endsWith`, `hashFiles` and the status functions return booleans or
//!   hashes, and `!` and comparisons return booleans: nothing of their operands is rendered;
//! - `a && b` is `b` when `a` holds and a falsy value otherwise, so only `b` is rendered; `a || b`
//!   renders either;
//! - any other function (`format`, `join`, `toJSON`, `fromJSON`, …) renders its arguments.
//!
//! An expression that does not parse renders every context path it mentions (the cautious
//! reading).

/// One `${{ … }}` of a line: its text and the contexts its value can carry.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Expression {
    pub text: String,
    pub contexts: Vec<String>,
}

/// Every `${{ … }}` in `text`, in order.
pub fn expressions(text: &str) -> Vec<Expression> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find("${{") {
        let after = &rest[start + 3..];
        let Some(end) = closing(after) else { break };
        out.push(Expression {
            text: format!("${{{{{}}}}}", &after[..end]),
            contexts: rendered_contexts(&after[..end]),
        });
        rest = &after[end + 2..];
    }
    out
}

/// The byte offset of the `}}` closing an expression, skipping string literals.
fn closing(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut i = 0;
    let mut quoted = false;
    while i < bytes.len() {
        match bytes[i] {
            b'\'' => quoted = !quoted,
            b'}' if !quoted && bytes.get(i + 1) == Some(&b'}') => return Some(i),
            _ => {}
        }
        i += 1;
    }
    None
}

/// The contexts the value of `expr` (the text between `${{` and `}}`) can carry, sorted.
pub fn rendered_contexts(expr: &str) -> Vec<String> {
    let tokens = tokens(expr);
    let mut parser = Parser {
        tokens: &tokens,
        at: 0,
    };
    let mut out = match parser.or() {
        Some(ast) if parser.at == tokens.len() => ast.rendered(),
        _ => mentioned_paths(&tokens),
    };
    out.sort();
    out.dedup();
    out
}

#[derive(Debug, Clone, PartialEq)]
enum Token {
    Ident(String),
    Str(String),
    Number,
    Punct(&'static str),
}

fn tokens(text: &str) -> Vec<Token> {
    const PUNCT: [&str; 15] = [
        "==", "!=", "<=", ">=", "&&", "||", "<", ">", "!", ".", "[", "]", "(", ")", ",",
    ];
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_whitespace() {
            i += 1;
        } else if c == '\'' {
            let mut literal = String::new();
            i += 1;
            while i < chars.len() {
                if chars[i] == '\'' {
                    if chars.get(i + 1) == Some(&'\'') {
                        literal.push('\'');
                        i += 2;
                        continue;
                    }
                    break;
                }
                literal.push(chars[i]);
                i += 1;
            }
            i += 1;
            out.push(Token::Str(literal));
        } else if c.is_ascii_digit()
            || (c == '-' && chars.get(i + 1).is_some_and(char::is_ascii_digit))
        {
            i += 1;
            while i < chars.len() && (chars[i].is_ascii_alphanumeric() || chars[i] == '.') {
                i += 1;
            }
            out.push(Token::Number);
        } else if c.is_alphabetic() || c == '_' {
            let start = i;
            while i < chars.len() && (chars[i].is_alphanumeric() || matches!(chars[i], '_' | '-')) {
                i += 1;
            }
            out.push(Token::Ident(chars[start..i].iter().collect()));
        } else if c == '*' {
            i += 1;
            out.push(Token::Punct("*"));
        } else {
            let two: String = chars[i..(i + 2).min(chars.len())].iter().collect();
            match PUNCT.iter().find(|p| two.starts_with(**p)) {
                Some(p) => {
                    i += p.len();
                    out.push(Token::Punct(p));
                }
                None => {
                    // Something the grammar does not know: the cautious reading takes over.
                    i += 1;
                    out.push(Token::Punct("?"));
                }
            }
        }
    }
    out
}

/// Every context path the tokens mention (the reading of an expression that does not parse).
fn mentioned_paths(tokens: &[Token]) -> Vec<String> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        let after_dot = i > 0 && tokens[i - 1] == Token::Punct(".");
        match &tokens[i] {
            Token::Ident(name) if !after_dot && tokens.get(i + 1) != Some(&Token::Punct("(")) => {
                let mut parser = Parser { tokens, at: i + 1 };
                match parser.postfix(Ast::Path(name.to_lowercase())) {
                    Some(Ast::Path(path)) => out.push(path),
                    _ => out.push(name.to_lowercase()),
                }
                i = parser.at.max(i + 1);
            }
            _ => i += 1,
        }
    }
    out
}

enum Ast {
    Literal,
    Path(String),
    /// A postfix on something that is not a context path (`fromJSON(x).y`): what its base renders.
    Derived(Box<Ast>),
    Call(String, Vec<Ast>),
    Boolean,
    And(Box<Ast>),
    Or(Box<Ast>, Box<Ast>),
}

impl Ast {
    fn rendered(&self) -> Vec<String> {
        match self {
            Ast::Literal | Ast::Boolean => Vec::new(),
            Ast::Path(path) => vec![path.clone()],
            Ast::Derived(base) => base.rendered(),
            Ast::Call(name, args) => match name.as_str() {
                "contains" | "startswith" | "endswith" | "hashfiles" | "success" | "failure"
                | "always" | "cancelled" => Vec::new(),
                _ => args.iter().flat_map(Ast::rendered).collect(),
            },
            Ast::And(right) => right.rendered(),
            Ast::Or(left, right) => {
                let mut out = left.rendered();
                out.extend(right.rendered());
                out
            }
        }
    }
}

struct Parser<'a> {
    tokens: &'a [Token],
    at: usize,
}

impl Parser<'_> {
    fn peek(&self) -> Option<&Token> {
        self.tokens.get(self.at)
    }

    fn eat(&mut self, punct: &str) -> bool {
        if matches!(self.peek(), Some(Token::Punct(p)) if *p == punct) {
            self.at += 1;
            true
        } else {
            false
        }
    }

    fn or(&mut self) -> Option<Ast> {
        let mut left = self.and()?;
        while self.eat("||") {
            left = Ast::Or(Box::new(left), Box::new(self.and()?));
        }
        Some(left)
    }

    fn and(&mut self) -> Option<Ast> {
        let mut left = self.comparison()?;
        while self.eat("&&") {
            left = Ast::And(Box::new(self.comparison()?));
        }
        Some(left)
    }

    fn comparison(&mut self) -> Option<Ast> {
        let mut left = self.unary()?;
        while ["==", "!=", "<=", ">=", "<", ">"]
            .iter()
            .any(|op| self.eat(op))
        {
            self.unary()?;
            left = Ast::Boolean;
        }
        Some(left)
    }

    fn unary(&mut self) -> Option<Ast> {
        if self.eat("!") {
            self.unary()?;
            return Some(Ast::Boolean);
        }
        let primary = self.primary()?;
        self.postfix(primary)
    }

    fn primary(&mut self) -> Option<Ast> {
        match self.peek()?.clone() {
            Token::Str(_) | Token::Number => {
                self.at += 1;
                Some(Ast::Literal)
            }
            Token::Ident(name) => {
                self.at += 1;
                let lower = name.to_lowercase();
                if self.eat("(") {
                    let mut args = Vec::new();
                    if !self.eat(")") {
                        loop {
                            args.push(self.or()?);
                            if self.eat(")") {
                                break;
                            }
                            if !self.eat(",") {
                                return None;
                            }
                        }
                    }
                    return Some(Ast::Call(lower, args));
                }
                match lower.as_str() {
                    "true" | "false" | "null" | "nan" | "infinity" => Some(Ast::Literal),
                    _ => Some(Ast::Path(lower)),
                }
            }
            Token::Punct("(") => {
                self.at += 1;
                let inner = self.or()?;
                self.eat(")").then_some(inner)
            }
            Token::Punct(_) => None,
        }
    }

    /// `.name`, `.*`, `['name']`, `[index]` after a primary.
    fn postfix(&mut self, mut base: Ast) -> Option<Ast> {
        loop {
            let segment = if self.eat(".") {
                match self.peek()?.clone() {
                    Token::Ident(name) => {
                        self.at += 1;
                        name.to_lowercase()
                    }
                    Token::Punct("*") => {
                        self.at += 1;
                        "*".to_string()
                    }
                    _ => return None,
                }
            } else if self.eat("[") {
                // `['name']` is `.name`; any other index (a number, `*`, an expression) is `.*`.
                let named = match (self.peek(), self.tokens.get(self.at + 1)) {
                    (Some(Token::Str(name)), Some(Token::Punct("]"))) => Some(name.to_lowercase()),
                    _ => None,
                };
                if named.is_none() && !self.eat("*") {
                    self.or()?;
                } else if named.is_some() {
                    self.at += 1;
                }
                if !self.eat("]") {
                    return None;
                }
                named.unwrap_or_else(|| "*".to_string())
            } else {
                return Some(base);
            };
            base = match base {
                Ast::Path(path) => Ast::Path(format!("{path}.{segment}")),
                other => Ast::Derived(Box::new(other)),
            };
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn contexts(expr: &str) -> Vec<String> {
        rendered_contexts(expr)
    }

    #[test]
    fn paths_are_normalised() {
        assert_eq!(
            contexts(" github.event['pull_request']['title'] "),
            ["github.event.pull_request.title"]
        );
        assert_eq!(
            contexts("GitHub.Event.Commits[0].Message"),
            ["github.event.commits.*.message"]
        );
        assert_eq!(
            contexts("github.event.commits.*.author.name"),
            ["github.event.commits.*.author.name"]
        );
        assert_eq!(
            contexts("github['event'].issue[format('{0}', 'body')]"),
            ["github.event.issue.*"]
        );
        assert_eq!(
            contexts("steps.my-step.outputs.x"),
            ["steps.my-step.outputs.x"]
        );
    }

    #[test]
    fn functions_render_their_arguments_unless_they_return_booleans() {
        assert_eq!(
            contexts("format('{0} {1}', github.event.issue.title, github.sha)"),
            ["github.event.issue.title", "github.sha"]
        );
        assert_eq!(contexts("toJSON(github.event)"), ["github.event"]);
        assert_eq!(
            contexts("join(github.event.commits.*.message, ', ')"),
            ["github.event.commits.*.message"]
        );
        assert!(contexts("contains(github.event.pull_request.title, '[skip]')").is_empty());
        assert!(contexts("startsWith(github.head_ref, 'release/')").is_empty());
        assert!(contexts("github.event.issue.title == 'x'").is_empty());
        assert!(contexts("!github.event.issue.body").is_empty());
        assert_eq!(
            contexts("github.event_name == 'push' && github.ref_name || github.head_ref"),
            ["github.head_ref", "github.ref_name"]
        );
        assert_eq!(
            contexts("fromJSON(steps.meta.outputs.json).tags"),
            ["steps.meta.outputs.json"]
        );
        assert!(contexts("'literal' && 3").is_empty());
    }

    #[test]
    fn unparsable_expressions_render_every_path() {
        assert_eq!(
            contexts("github.event.issue.title ~ github.sha"),
            ["github.event.issue.title", "github.sha"]
        );
    }

    #[test]
    fn expressions_of_a_line() {
        let found = expressions(
            r#"echo "${{ github.event.issue.title }}" '${{ format('}}{0}', github.head_ref) }}' ${{"#,
        );
        assert_eq!(found.len(), 2);
        assert_eq!(found[0].text, "${{ github.event.issue.title }}");
        assert_eq!(found[1].contexts, ["github.head_ref"]);
        assert!(expressions("no expression ${ { here }}").is_empty());
    }
}
