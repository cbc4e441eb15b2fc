//! SQL migrations, read by PostgreSQL's own parser (libpg_query, through `pg_query`): the
//! tables, their row-level security state and their policies, as they stand after every
//! migration has run in path order.
//!
//! Each file is read on its own into a list of changes ([`SqlChange`]); the changes of all
//! files are then replayed in path order ([`replay`]), as a migration tool would run them.
//! psql meta-commands (`\connect`, `\set`) are skipped and counted; so are statements that no
//! policy reads (GRANT, CREATE INDEX, INSERT …). A statement that does not parse is an error
//! only when it is one the facts track (a table, a column, a policy, row-level security); the
//! rest of the file is read all the same.

use std::collections::{BTreeMap, HashMap};

use gatehouse_model::LineIndex;
use pg_query::NodeEnum;
use pg_query::protobuf::{
    AlterTableType, ObjectType, RangeVar, RoleSpecType, Token, TransactionStmtKind, a_const,
};
use serde::Serialize;

use crate::Located;

/// One change a migration makes to what the facts track.
#[derive(Debug, Clone)]
pub enum SqlChange {
    CreateTable {
        table: String,
        line: u32,
        columns: Vec<String>,
        /// Tables whose columns this one takes: `LIKE t`, `INHERITS (t)`, `PARTITION OF t`.
        takes_from: Vec<String>,
        if_not_exists: bool,
    },
    AddColumns {
        table: String,
        columns: Vec<String>,
    },
    DropColumns {
        table: String,
        columns: Vec<String>,
    },
    RenameColumn {
        table: String,
        from: String,
        to: String,
    },
    Rls {
        table: String,
        op: RlsOp,
    },
    CreatePolicy(Policy),
    /// `ALTER POLICY`: what it sets replaces what the policy had.
    AlterPolicy {
        table: String,
        name: String,
        roles: Option<Vec<String>>,
        using: Option<Expression>,
        with_check: Option<Expression>,
    },
    RenamePolicy {
        table: String,
        from: String,
        to: String,
    },
    DropPolicy {
        table: String,
        name: String,
    },
    DropTables(Vec<String>),
    /// `DROP SCHEMA … CASCADE`: its tables go with it.
    DropSchema(String),
    RenameTable {
        from: String,
        to: String,
    },
    /// A statement read but not tracked, or a psql meta-command.
    Skipped {
        meta_command: bool,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RlsOp {
    Enable,
    Disable,
    Force,
    NoForce,
}

/// A policy's USING or WITH CHECK expression.
#[derive(Debug, Clone, PartialEq)]
pub struct Expression {
    /// As written in the migration.
    pub text: String,
    /// The identifiers it names (string literals left out), case-folded.
    pub identifiers: Vec<String>,
    /// The constant `true`.
    pub always_true: bool,
}

/// A table after all migrations.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Table {
    /// `schema.name`, case-folded as PostgreSQL folds unquoted names.
    pub name: String,
    /// Where it is created.
    pub path: String,
    pub line: u32,
    pub columns: Vec<String>,
    pub rls_enabled: bool,
    pub rls_forced: bool,
}

/// A row-level security policy.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Policy {
    pub name: String,
    pub table: String,
    pub path: String,
    pub line: u32,
    pub permissive: bool,
    /// ALL, SELECT, INSERT, UPDATE or DELETE.
    pub command: String,
    /// Empty means PUBLIC.
    pub roles: Vec<String>,
    pub using: Option<String>,
    pub with_check: Option<String>,
    /// The identifiers the expressions name (string literals left out), case-folded.
    pub using_identifiers: Vec<String>,
    pub with_check_identifiers: Vec<String>,
    /// Whether USING or WITH CHECK is the constant `true`.
    pub always_true: bool,
}

impl Policy {
    fn set_using(&mut self, using: Option<Expression>) {
        self.using_identifiers = using
            .as_ref()
            .map(|e| e.identifiers.clone())
            .unwrap_or_default();
        self.using = using.map(|e| e.text);
    }

    fn set_with_check(&mut self, with_check: Option<Expression>) {
        self.with_check_identifiers = with_check
            .as_ref()
            .map(|e| e.identifiers.clone())
            .unwrap_or_default();
        self.with_check = with_check.map(|e| e.text);
    }
}

/// The SQL facts of the tree.
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct SqlFacts {
    pub files: Vec<String>,
    pub tables: Vec<Table>,
    pub policies: Vec<Policy>,
    /// Statements read that no policy needs (GRANT, CREATE INDEX, INSERT, …).
    pub skipped_statements: u32,
    /// psql meta-commands (`\connect`, `\set`, …), which are not SQL.
    pub meta_commands: u32,
}

/// How deep DO blocks and function bodies are followed into one another.
const MAX_NESTING: usize = 3;

/// Read one SQL file: its changes, and the statements the facts need that could not be parsed
/// (each at its line). The rest of the file is read all the same.
pub fn read(path: &str, text: &str) -> (Vec<SqlChange>, Vec<Located>) {
    // libpg_query reads a C string: a NUL byte would end the text there.
    let clean = text.replace('\0', " ");
    let (sql, meta_commands) = blank_meta_commands(&clean);
    let mut reader = Reader {
        path,
        lines: LineIndex::new(sql.as_bytes()),
        changes: Vec::new(),
        errors: Vec::new(),
        transaction: None,
        functions: HashMap::new(),
    };
    for _ in 0..meta_commands {
        reader
            .changes
            .push(SqlChange::Skipped { meta_command: true });
    }
    reader.file(&sql);
    if let Some(open) = reader.transaction.take() {
        // A file that ends inside a transaction: its runner commits it.
        reader.changes.extend(open);
    }
    (reader.changes, reader.errors)
}

/// The text with each psql meta-command line (`\connect db`, `\i file`) blanked, byte for
/// byte, so that offsets and lines stay; and how many there were. Only at the start of a
/// line outside a statement's quotes would psql read one, which is where migrations have them.
fn blank_meta_commands(text: &str) -> (String, u32) {
    let mut out = String::with_capacity(text.len());
    let mut count = 0;
    for line in text.split_inclusive('\n') {
        if line.trim_start().starts_with('\\') {
            count += 1;
            out.extend(line.chars().map(|c| if c == '\n' { '\n' } else { ' ' }));
        } else {
            out.push_str(line);
        }
    }
    (out, count)
}

struct Reader<'a> {
    path: &'a str,
    lines: LineIndex,
    changes: Vec<SqlChange>,
    errors: Vec<Located>,
    /// The changes of an open transaction (`BEGIN` … `COMMIT` or `ROLLBACK`).
    transaction: Option<Vec<SqlChange>>,
    /// The changes the literal SQL of this file's functions makes when one is called.
    functions: HashMap<String, Vec<SqlChange>>,
}

impl Reader<'_> {
    fn push(&mut self, change: SqlChange) {
        match &mut self.transaction {
            Some(open) => open.push(change),
            None => self.changes.push(change),
        }
    }

    fn line(&self, offset: usize) -> u32 {
        self.lines.line(offset).max(1)
    }

    /// The whole file: parsed at once when it all parses, else statement by statement, so that
    /// one bad statement is located and the others are still read.
    fn file(&mut self, sql: &str) {
        match pg_query::parse(sql, pg_query::ParserOptions::DEFAULT) {
            Ok(parsed) => {
                for raw in parsed.protobuf.stmts {
                    let start = usize::try_from(raw.stmt_location).unwrap_or(0);
                    let len = usize::try_from(raw.stmt_len).unwrap_or(0);
                    let end = if len == 0 { sql.len() } else { start + len };
                    let start = first_token(sql, start.min(sql.len()));
                    if let Some(node) = raw.stmt.and_then(|n| n.node) {
                        let text = sql.get(start..end.min(sql.len())).unwrap_or("");
                        self.statement(node, text, start, 0);
                    }
                }
            }
            Err(whole) => match statements(sql) {
                Some(pieces) => {
                    for (start, end) in pieces {
                        let text = &sql[start..end];
                        match pg_query::parse(text, pg_query::ParserOptions::DEFAULT) {
                            Ok(parsed) => {
                                for node in parsed
                                    .protobuf
                                    .stmts
                                    .into_iter()
                                    .filter_map(|raw| raw.stmt.and_then(|n| n.node))
                                {
                                    self.statement(node, text, start, 0);
                                }
                            }
                            Err(e) if tracked(text) => {
                                let line = self.line(start + near(text, &e.to_string()));
                                self.errors.push(Located {
                                    line,
                                    message: clean(&e.to_string()),
                                });
                            }
                            Err(_) => self.push(SqlChange::Skipped {
                                meta_command: false,
                            }),
                        }
                    }
                }
                None => {
                    // Not even tokens (an unterminated quote or comment): the file is not read.
                    let message = whole.to_string();
                    let line = self.line(near(sql, &message));
                    self.errors.push(Located {
                        line,
                        message: clean(&message),
                    });
                }
            },
        }
    }

    /// One parsed statement, whose text starts at `at` in the file.
    fn statement(&mut self, node: NodeEnum, text: &str, at: usize, depth: usize) {
        let line = self.line(at);
        match node {
            NodeEnum::CreateStmt(create) => {
                let Some(table) = create.relation.as_ref().map(table_name) else {
                    return;
                };
                let mut columns = Vec::new();
                let mut takes_from: Vec<String> =
                    create.inh_relations.iter().filter_map(range_var).collect();
                for element in create.table_elts.iter().filter_map(|n| n.node.as_ref()) {
                    match element {
                        NodeEnum::ColumnDef(column) => columns.push(column.colname.clone()),
                        NodeEnum::TableLikeClause(like) => {
                            takes_from.extend(like.relation.as_ref().map(table_name));
                        }
                        _ => {}
                    }
                }
                self.push(SqlChange::CreateTable {
                    table,
                    line,
                    columns,
                    takes_from,
                    if_not_exists: create.if_not_exists,
                });
            }
            NodeEnum::AlterTableStmt(alter) => {
                let Some(table) = alter.relation.as_ref().map(table_name) else {
                    return;
                };
                let mut added = Vec::new();
                let mut dropped = Vec::new();
                for command in alter.cmds.iter().filter_map(|n| match &n.node {
                    Some(NodeEnum::AlterTableCmd(c)) => Some(c),
                    _ => None,
                }) {
                    let op = match AlterTableType::try_from(command.subtype) {
                        Ok(AlterTableType::AtAddColumn) => {
                            if let Some(NodeEnum::ColumnDef(column)) =
                                command.def.as_ref().and_then(|d| d.node.as_ref())
                            {
                                added.push(column.colname.clone());
                            }
                            continue;
                        }
                        Ok(AlterTableType::AtDropColumn) => {
                            dropped.push(command.name.clone());
                            continue;
                        }
                        Ok(AlterTableType::AtEnableRowSecurity) => RlsOp::Enable,
                        Ok(AlterTableType::AtDisableRowSecurity) => RlsOp::Disable,
                        Ok(AlterTableType::AtForceRowSecurity) => RlsOp::Force,
                        Ok(AlterTableType::AtNoForceRowSecurity) => RlsOp::NoForce,
                        _ => continue,
                    };
                    self.push(SqlChange::Rls {
                        table: table.clone(),
                        op,
                    });
                }
                if !added.is_empty() {
                    self.push(SqlChange::AddColumns {
                        table: table.clone(),
                        columns: added,
                    });
                }
                if !dropped.is_empty() {
                    self.push(SqlChange::DropColumns {
                        table,
                        columns: dropped,
                    });
                }
            }
            NodeEnum::RenameStmt(rename) => {
                let Some(table) = rename.relation.as_ref().map(table_name) else {
                    return self.push(SqlChange::Skipped {
                        meta_command: false,
                    });
                };
                match ObjectType::try_from(rename.rename_type) {
                    Ok(ObjectType::ObjectTable) => {
                        let schema = table.split_once('.').map_or("public", |(s, _)| s);
                        let to = format!("{schema}.{}", rename.newname);
                        self.push(SqlChange::RenameTable { from: table, to });
                    }
                    Ok(ObjectType::ObjectColumn) => self.push(SqlChange::RenameColumn {
                        table,
                        from: rename.subname,
                        to: rename.newname,
                    }),
                    Ok(ObjectType::ObjectPolicy) => self.push(SqlChange::RenamePolicy {
                        table,
                        from: rename.subname,
                        to: rename.newname,
                    }),
                    _ => self.push(SqlChange::Skipped {
                        meta_command: false,
                    }),
                }
            }
            NodeEnum::AlterObjectSchemaStmt(moved)
                if ObjectType::try_from(moved.object_type) == Ok(ObjectType::ObjectTable) =>
            {
                if let Some(table) = moved.relation.as_ref().map(table_name) {
                    let bare = table.split_once('.').map_or(table.as_str(), |(_, t)| t);
                    let to = format!("{}.{bare}", moved.newschema);
                    self.push(SqlChange::RenameTable { from: table, to });
                }
            }
            NodeEnum::CreatePolicyStmt(create) => {
                let Some(table) = create.table.as_ref().map(table_name) else {
                    return;
                };
                let using = create.qual.as_deref().map(|q| expression(text, "USING", q));
                let with_check = create
                    .with_check
                    .as_deref()
                    .map(|q| expression(text, "CHECK", q));
                let mut policy = Policy {
                    name: create.policy_name.clone(),
                    table,
                    path: self.path.to_string(),
                    line,
                    permissive: create.permissive,
                    command: create.cmd_name.to_ascii_uppercase(),
                    roles: roles(&create.roles),
                    using: None,
                    with_check: None,
                    using_identifiers: Vec::new(),
                    with_check_identifiers: Vec::new(),
                    always_true: [&using, &with_check]
                        .into_iter()
                        .flatten()
                        .any(|e| e.always_true),
                };
                policy.set_using(using);
                policy.set_with_check(with_check);
                self.push(SqlChange::CreatePolicy(policy));
            }
            NodeEnum::AlterPolicyStmt(alter) => {
                let Some(table) = alter.table.as_ref().map(table_name) else {
                    return;
                };
                self.push(SqlChange::AlterPolicy {
                    table,
                    name: alter.policy_name.clone(),
                    roles: (!alter.roles.is_empty()).then(|| roles(&alter.roles)),
                    using: alter.qual.as_deref().map(|q| expression(text, "USING", q)),
                    with_check: alter
                        .with_check
                        .as_deref()
                        .map(|q| expression(text, "CHECK", q)),
                });
            }
            NodeEnum::DropStmt(drop) => {
                let names: Vec<Vec<String>> = drop.objects.iter().map(name_parts).collect();
                match ObjectType::try_from(drop.remove_type) {
                    Ok(ObjectType::ObjectTable) => self.push(SqlChange::DropTables(
                        names.iter().filter_map(|n| qualified(n)).collect(),
                    )),
                    Ok(ObjectType::ObjectPolicy) => {
                        for parts in names {
                            if let Some((name, table)) = parts.split_last()
                                && let Some(table) = qualified(table)
                            {
                                self.push(SqlChange::DropPolicy {
                                    table,
                                    name: name.clone(),
                                });
                            }
                        }
                    }
                    Ok(ObjectType::ObjectSchema) => {
                        for parts in names {
                            if let Some(schema) = parts.last() {
                                self.push(SqlChange::DropSchema(schema.clone()));
                            }
                        }
                    }
                    _ => self.push(SqlChange::Skipped {
                        meta_command: false,
                    }),
                }
            }
            NodeEnum::TransactionStmt(transaction) => {
                match TransactionStmtKind::try_from(transaction.kind) {
                    Ok(
                        TransactionStmtKind::TransStmtBegin | TransactionStmtKind::TransStmtStart,
                    ) => {
                        if let Some(open) = self.transaction.replace(Vec::new()) {
                            self.changes.extend(open);
                        }
                    }
                    Ok(TransactionStmtKind::TransStmtCommit) => {
                        if let Some(open) = self.transaction.take() {
                            self.changes.extend(open);
                        }
                    }
                    Ok(TransactionStmtKind::TransStmtRollback) => {
                        self.transaction = None;
                    }
                    _ => {}
                }
            }
            NodeEnum::DoStmt(block) if depth < MAX_NESTING => {
                let body = block.args.iter().find_map(|arg| match &arg.node {
                    Some(NodeEnum::DefElem(d)) if d.defname == "as" => string_of(d.arg.as_deref()),
                    _ => None,
                });
                if let Some(body) = body {
                    self.body(&body, text, at, depth);
                }
            }
            NodeEnum::CreateFunctionStmt(function) if depth < MAX_NESTING => {
                let name = function
                    .funcname
                    .last()
                    .and_then(|n| string_of(Some(n)))
                    .unwrap_or_default();
                let body = function
                    .options
                    .iter()
                    .find_map(|option| match &option.node {
                        Some(NodeEnum::DefElem(d)) if d.defname == "as" => match d.arg.as_deref() {
                            Some(pg_query::protobuf::Node {
                                node: Some(NodeEnum::List(list)),
                            }) => list.items.first().and_then(|i| string_of(Some(i))),
                            other => string_of(other),
                        },
                        _ => None,
                    });
                // What calling it would do, kept apart until a statement of this file calls it.
                let outer_changes = std::mem::take(&mut self.changes);
                let outer_transaction = self.transaction.take();
                if let Some(body) = body {
                    self.body(&body, text, at, depth);
                }
                let changes: Vec<SqlChange> = std::mem::replace(&mut self.changes, outer_changes)
                    .into_iter()
                    .filter(|c| !matches!(c, SqlChange::Skipped { .. }))
                    .collect();
                self.transaction = outer_transaction;
                self.functions.insert(name.to_lowercase(), changes);
            }
            NodeEnum::SelectStmt(select) if select.from_clause.is_empty() => {
                // `SELECT f();`: a function of this file whose body changes what the facts track.
                let called: Vec<String> = select
                    .target_list
                    .iter()
                    .filter_map(|t| match &t.node {
                        Some(NodeEnum::ResTarget(target)) => match target.val.as_deref() {
                            Some(pg_query::protobuf::Node {
                                node: Some(NodeEnum::FuncCall(call)),
                            }) => call.funcname.last().and_then(|n| string_of(Some(n))),
                            _ => None,
                        },
                        _ => None,
                    })
                    .collect();
                let mut any = false;
                for name in called {
                    if let Some(changes) = self.functions.get(&name.to_lowercase()).cloned() {
                        any = true;
                        for change in changes {
                            self.push(change);
                        }
                    }
                }
                if !any {
                    self.push(SqlChange::Skipped {
                        meta_command: false,
                    });
                }
            }
            _ => self.push(SqlChange::Skipped {
                meta_command: false,
            }),
        }
    }

    /// The literal SQL of a DO block's or a function's body (found in `text`, the statement
    /// that starts at `at`), each statement read one level deeper.
    fn body(&mut self, body: &str, text: &str, at: usize, depth: usize) {
        let offset = at + text.find(body).unwrap_or(0);
        for (range, node) in embedded(body) {
            let inner = body.get(range.clone()).unwrap_or("");
            self.statement(node, inner, offset + range.start, depth + 1);
        }
    }
}

/// The offset of the first token at or after `from`: past whitespace and comments.
fn first_token(sql: &str, mut from: usize) -> usize {
    let bytes = sql.as_bytes();
    loop {
        while from < bytes.len() && bytes[from].is_ascii_whitespace() {
            from += 1;
        }
        if bytes.get(from..from + 2) == Some(b"--") {
            while from < bytes.len() && bytes[from] != b'\n' {
                from += 1;
            }
        } else if bytes.get(from..from + 2) == Some(b"/*") {
            match sql.get(from + 2..).and_then(|rest| rest.find("*/")) {
                Some(end) => from += end + 4,
                None => return from,
            }
        } else {
            return from;
        }
    }
}

/// The statements of a text that does not parse as a whole, as byte ranges: split at the `;`
/// tokens (so not inside strings, dollar quotes or comments), each from its first token.
/// None when the text is not even tokens.
fn statements(sql: &str) -> Option<Vec<(usize, usize)>> {
    let scanned = pg_query::scan(sql).ok()?;
    let mut pieces = Vec::new();
    let mut start = 0;
    for token in &scanned.tokens {
        if token.token == Token::Ascii59 as i32 {
            let end = usize::try_from(token.start).ok()?;
            pieces.push((start, end));
            start = usize::try_from(token.end).ok()?;
        }
    }
    pieces.push((start, sql.len()));
    Some(
        pieces
            .into_iter()
            .map(|(s, e)| (first_token(sql, s).min(e), e))
            .filter(|(s, e)| s < e && sql.is_char_boundary(*s) && sql.is_char_boundary(*e))
            .collect(),
    )
}

/// The statements of a PL/pgSQL body (a DO block or a function) that are literal SQL the facts
/// may track: `ALTER TABLE …;` between BEGIN and END (or after IF … THEN), and
/// `EXECUTE '…'` of a constant string. Each with its byte range in the body.
fn embedded(body: &str) -> Vec<(std::ops::Range<usize>, NodeEnum)> {
    let Ok(scanned) = pg_query::scan(body) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let mut piece: Vec<&pg_query::protobuf::ScanToken> = Vec::new();
    let mut flush = |piece: &mut Vec<&pg_query::protobuf::ScanToken>, end: usize| {
        let tokens = std::mem::take(piece);
        // EXECUTE 'constant SQL'
        if let [.., execute, literal] = tokens.as_slice()
            && execute.token == Token::Execute as i32
            && literal.token == Token::Sconst as i32
            && let Some(text) = span(body, literal).and_then(unquote)
            && let Ok(parsed) = pg_query::parse(&text, pg_query::ParserOptions::DEFAULT)
        {
            let range = span_range(literal);
            out.extend(
                parsed
                    .protobuf
                    .stmts
                    .into_iter()
                    .filter_map(|r| r.stmt.and_then(|n| n.node))
                    .map(|n| (range.clone(), n)),
            );
            return;
        }
        // The first CREATE, ALTER or DROP from which the rest of the piece parses.
        for token in &tokens {
            let keyword = [Token::Create, Token::Alter, Token::Drop]
                .iter()
                .any(|k| token.token == *k as i32);
            if !keyword {
                continue;
            }
            let start = span_range(token).start;
            let Some(text) = body.get(start..end) else {
                continue;
            };
            if let Ok(parsed) = pg_query::parse(text, pg_query::ParserOptions::DEFAULT) {
                out.extend(
                    parsed
                        .protobuf
                        .stmts
                        .into_iter()
                        .filter_map(|r| r.stmt.and_then(|n| n.node))
                        .map(|n| (start..end, n)),
                );
                return;
            }
        }
    };
    for token in &scanned.tokens {
        if token.token == Token::Ascii59 as i32 {
            let end = span_range(token).start;
            flush(&mut piece, end);
        } else {
            piece.push(token);
        }
    }
    flush(&mut piece, body.len());
    out
}

fn span_range(token: &pg_query::protobuf::ScanToken) -> std::ops::Range<usize> {
    let start = usize::try_from(token.start).unwrap_or(0);
    let end = usize::try_from(token.end).unwrap_or(start);
    start..end.max(start)
}

fn span<'a>(text: &'a str, token: &pg_query::protobuf::ScanToken) -> Option<&'a str> {
    text.get(span_range(token))
}

/// The value of a string constant token: `'…'` (with `''` for a quote) or `$tag$…$tag$`.
fn unquote(literal: &str) -> Option<String> {
    if let Some(inner) = literal
        .strip_prefix('\'')
        .and_then(|l| l.strip_suffix('\''))
    {
        return Some(inner.replace("''", "'"));
    }
    let tag_end = literal.get(1..)?.find('$')? + 2;
    let tag = literal.get(..tag_end)?;
    literal
        .strip_prefix(tag)
        .and_then(|l| l.strip_suffix(tag))
        .map(str::to_string)
}

/// Whether a statement that does not parse is one the facts would track: a table, a column, a
/// policy or row-level security (other statements no policy reads are only counted).
fn tracked(text: &str) -> bool {
    let Ok(scanned) = pg_query::scan(text) else {
        return true;
    };
    let words: Vec<String> = scanned
        .tokens
        .iter()
        .filter_map(|t| span(text, t))
        .filter(|w| w.chars().all(|c| c.is_ascii_alphabetic()))
        .map(str::to_ascii_uppercase)
        .collect();
    // Statements of kinds no policy reads, whatever they mention.
    let first = words.first().map_or("", String::as_str);
    if matches!(
        first,
        "GRANT"
            | "REVOKE"
            | "COMMENT"
            | "INSERT"
            | "UPDATE"
            | "DELETE"
            | "SELECT"
            | "COPY"
            | "SET"
            | "RESET"
            | "VACUUM"
            | "ANALYZE"
            | "NOTIFY"
            | "TRUNCATE"
            | "REINDEX"
            | "CLUSTER"
            | "WITH"
            | "VALUES"
            | "EXPLAIN"
            | "LOCK"
            | "CALL"
            | "SECURITY"
    ) {
        return false;
    }
    // CREATE, ALTER or DROP of another kind of object (an index on a table, a view, a
    // function, a publication of tables).
    let object = words
        .iter()
        .skip(1)
        .find(|w| {
            !matches!(
                w.as_str(),
                "OR" | "REPLACE"
                    | "UNIQUE"
                    | "TEMP"
                    | "TEMPORARY"
                    | "UNLOGGED"
                    | "IF"
                    | "NOT"
                    | "EXISTS"
                    | "GLOBAL"
                    | "LOCAL"
            )
        })
        .map_or("", String::as_str);
    if matches!(first, "CREATE" | "ALTER" | "DROP")
        && matches!(
            object,
            "INDEX"
                | "VIEW"
                | "MATERIALIZED"
                | "FUNCTION"
                | "PROCEDURE"
                | "TRIGGER"
                | "TYPE"
                | "DOMAIN"
                | "EXTENSION"
                | "PUBLICATION"
                | "SUBSCRIPTION"
                | "SEQUENCE"
                | "ROLE"
                | "USER"
                | "GROUP"
                | "DEFAULT"
                | "EVENT"
                | "AGGREGATE"
                | "OPERATOR"
                | "RULE"
                | "SERVER"
                | "FOREIGN"
                | "STATISTICS"
                | "COLLATION"
                | "CAST"
                | "DATABASE"
        )
    {
        return false;
    }
    words
        .iter()
        .any(|w| matches!(w.as_str(), "TABLE" | "POLICY" | "SECURITY"))
}

/// Where in `text` the parser's "at or near \"…\"" points, else its start.
fn near(text: &str, message: &str) -> usize {
    message
        .split_once("at or near \"")
        .and_then(|(_, rest)| rest.rsplit_once('"'))
        .and_then(|(token, _)| text.find(token))
        .unwrap_or(0)
}

/// pg_query's message without its prefix.
fn clean(message: &str) -> String {
    message
        .trim_start_matches("Invalid statement: ")
        .trim_start_matches("Error scanning: ")
        .trim()
        .to_string()
}

/// `schema.table`, with `public` for a name without a schema (the default search path). The
/// parser has already folded unquoted names to lower case and cut names at 63 bytes.
fn table_name(relation: &RangeVar) -> String {
    let schema = if relation.schemaname.is_empty() {
        "public"
    } else {
        relation.schemaname.as_str()
    };
    format!("{schema}.{}", relation.relname)
}

fn range_var(node: &pg_query::protobuf::Node) -> Option<String> {
    match &node.node {
        Some(NodeEnum::RangeVar(relation)) => Some(table_name(relation)),
        _ => None,
    }
}

/// The parts of a dotted name (`["app", "t"]`) in a DROP's object list.
fn name_parts(node: &pg_query::protobuf::Node) -> Vec<String> {
    match &node.node {
        Some(NodeEnum::List(list)) => list
            .items
            .iter()
            .filter_map(|i| string_of(Some(i)))
            .collect(),
        other => string_of(other.as_ref().map(|_| node))
            .into_iter()
            .collect(),
    }
}

fn qualified(parts: &[String]) -> Option<String> {
    match parts {
        [table] => Some(format!("public.{table}")),
        [.., schema, table] => Some(format!("{schema}.{table}")),
        [] => None,
    }
}

fn string_of(node: Option<&pg_query::protobuf::Node>) -> Option<String> {
    match node.and_then(|n| n.node.as_ref()) {
        Some(NodeEnum::String(s)) => Some(s.sval.clone()),
        _ => None,
    }
}

fn roles(list: &[pg_query::protobuf::Node]) -> Vec<String> {
    list.iter()
        .filter_map(|n| match &n.node {
            Some(NodeEnum::RoleSpec(role)) => Some(match RoleSpecType::try_from(role.roletype) {
                Ok(RoleSpecType::RolespecCstring) => role.rolename.clone(),
                Ok(RoleSpecType::RolespecPublic) => "public".to_string(),
                Ok(RoleSpecType::RolespecCurrentUser) => "current_user".to_string(),
                Ok(RoleSpecType::RolespecSessionUser) => "session_user".to_string(),
                Ok(RoleSpecType::RolespecCurrentRole) => "current_role".to_string(),
                _ => role.rolename.clone(),
            }),
            _ => None,
        })
        .collect()
}

/// A policy's USING (`keyword` "USING") or WITH CHECK ("CHECK") expression: its text as written
/// (the parenthesised part after the keyword), its identifiers, and whether it is `true`.
fn expression(statement: &str, keyword: &str, node: &pg_query::protobuf::Node) -> Expression {
    let text = parenthesised_after(statement, keyword).unwrap_or_default();
    Expression {
        identifiers: identifiers(&text),
        always_true: matches!(
            &node.node,
            Some(NodeEnum::AConst(c)) if matches!(c.val, Some(a_const::Val::Boolval(ref b)) if b.boolval)
        ),
        text,
    }
}

/// The text inside the parentheses that follow the keyword token `keyword` in a statement.
fn parenthesised_after(statement: &str, keyword: &str) -> Option<String> {
    let scanned = pg_query::scan(statement).ok()?;
    let tokens = &scanned.tokens;
    let at = tokens.iter().position(|t| {
        span(statement, t).is_some_and(|w| w.eq_ignore_ascii_case(keyword)) && t.keyword_kind != 0
    })?;
    let open = tokens
        .get(at + 1)
        .filter(|t| t.token == Token::Ascii40 as i32)?;
    let mut depth = 0usize;
    for token in &tokens[at + 1..] {
        if token.token == Token::Ascii40 as i32 {
            depth += 1;
        } else if token.token == Token::Ascii41 as i32 {
            depth = depth.saturating_sub(1);
            if depth == 0 {
                let inner = statement.get(span_range(open).end..span_range(token).start)?;
                return Some(inner.trim().to_string());
            }
        }
    }
    None
}

/// The identifiers an expression's SQL text names, string literals left out.
fn identifiers(sql: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut chars = sql.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        match c {
            '\'' => {
                // A string literal; '' is an escaped quote inside it.
                while let Some((_, c)) = chars.next() {
                    if c == '\'' {
                        if chars.peek().is_some_and(|(_, n)| *n == '\'') {
                            chars.next();
                        } else {
                            break;
                        }
                    }
                }
            }
            '"' => {
                let start = at + 1;
                let mut end = sql.len();
                for (i, c) in chars.by_ref() {
                    if c == '"' {
                        end = i;
                        break;
                    }
                }
                out.push(sql[start..end].to_string());
            }
            c if c.is_alphabetic() || c == '_' => {
                let mut end = at + c.len_utf8();
                while let Some((i, n)) = chars.peek() {
                    if n.is_alphanumeric() || *n == '_' || *n == '$' {
                        end = i + n.len_utf8();
                        chars.next();
                    } else {
                        break;
                    }
                }
                out.push(sql[at..end].to_lowercase());
            }
            c if c.is_ascii_digit() => {
                while chars
                    .peek()
                    .is_some_and(|(_, n)| n.is_alphanumeric() || *n == '.')
                {
                    chars.next();
                }
            }
            _ => {}
        }
    }
    out.sort();
    out.dedup();
    out
}

/// Replay every file's changes in path order: the schema as the migrations leave it.
pub fn replay(files: &[(String, Vec<SqlChange>)]) -> SqlFacts {
    let mut tables: BTreeMap<String, Table> = BTreeMap::new();
    // Policies in creation order, keyed by (table, name).
    let mut policies: Vec<Policy> = Vec::new();
    let mut sorted: Vec<&(String, Vec<SqlChange>)> = files.iter().collect();
    sorted.sort_by(|a, b| a.0.cmp(&b.0));
    let mut skipped_statements = 0u32;
    let mut meta_commands = 0u32;
    for (path, changes) in &sorted {
        for change in changes {
            match change {
                SqlChange::CreateTable {
                    table,
                    line,
                    columns,
                    takes_from,
                    if_not_exists,
                } => {
                    if *if_not_exists && tables.contains_key(table) {
                        continue;
                    }
                    policies.retain(|p| &p.table != table);
                    let mut all: Vec<String> = Vec::new();
                    for parent in takes_from {
                        if let Some(p) = tables.get(parent) {
                            all.extend(p.columns.iter().cloned());
                        }
                    }
                    for column in columns {
                        if !all.contains(column) {
                            all.push(column.clone());
                        }
                    }
                    tables.insert(
                        table.clone(),
                        Table {
                            name: table.clone(),
                            path: path.clone(),
                            line: *line,
                            columns: all,
                            rls_enabled: false,
                            rls_forced: false,
                        },
                    );
                }
                SqlChange::AddColumns { table, columns } => {
                    if let Some(t) = tables.get_mut(table) {
                        for column in columns {
                            if !t.columns.contains(column) {
                                t.columns.push(column.clone());
                            }
                        }
                    }
                }
                SqlChange::DropColumns { table, columns } => {
                    if let Some(t) = tables.get_mut(table) {
                        t.columns.retain(|c| !columns.contains(c));
                    }
                }
                SqlChange::RenameColumn { table, from, to } => {
                    if let Some(t) = tables.get_mut(table) {
                        for column in t.columns.iter_mut().filter(|c| *c == from) {
                            column.clone_from(to);
                        }
                    }
                }
                SqlChange::Rls { table, op } => {
                    if let Some(t) = tables.get_mut(table) {
                        match op {
                            RlsOp::Enable => t.rls_enabled = true,
                            RlsOp::Disable => t.rls_enabled = false,
                            RlsOp::Force => t.rls_forced = true,
                            RlsOp::NoForce => t.rls_forced = false,
                        }
                    }
                }
                SqlChange::CreatePolicy(policy) => {
                    policies.retain(|p| !(p.table == policy.table && p.name == policy.name));
                    policies.push(policy.clone());
                }
                SqlChange::AlterPolicy {
                    table,
                    name,
                    roles,
                    using,
                    with_check,
                } => {
                    for p in policies
                        .iter_mut()
                        .filter(|p| &p.table == table && &p.name == name)
                    {
                        if let Some(roles) = roles {
                            p.roles.clone_from(roles);
                        }
                        if let Some(using) = using {
                            p.set_using(Some(using.clone()));
                        }
                        if let Some(with_check) = with_check {
                            p.set_with_check(Some(with_check.clone()));
                        }
                        if using.is_some() || with_check.is_some() {
                            p.always_true = [using, with_check]
                                .into_iter()
                                .flatten()
                                .any(|e| e.always_true);
                        }
                    }
                }
                SqlChange::RenamePolicy { table, from, to } => {
                    for p in policies
                        .iter_mut()
                        .filter(|p| &p.table == table && &p.name == from)
                    {
                        p.name.clone_from(to);
                    }
                }
                SqlChange::DropPolicy { table, name } => {
                    policies.retain(|p| !(&p.table == table && &p.name == name));
                }
                SqlChange::DropTables(names) => {
                    for name in names {
                        tables.remove(name);
                        policies.retain(|p| &p.table != name);
                    }
                }
                SqlChange::DropSchema(schema) => {
                    let prefix = format!("{schema}.");
                    tables.retain(|name, _| !name.starts_with(&prefix));
                    policies.retain(|p| !p.table.starts_with(&prefix));
                }
                SqlChange::RenameTable { from, to } => {
                    if let Some(mut t) = tables.remove(from) {
                        t.name.clone_from(to);
                        tables.insert(to.clone(), t);
                        for p in policies.iter_mut().filter(|p| &p.table == from) {
                            p.table.clone_from(to);
                        }
                    }
                }
                SqlChange::Skipped { meta_command } => {
                    if *meta_command {
                        meta_commands += 1;
                    } else {
                        skipped_statements += 1;
                    }
                }
            }
        }
    }
    SqlFacts {
        files: sorted.iter().map(|(path, _)| path.clone()).collect(),
        tables: tables.into_values().collect(),
        policies,
        skipped_statements,
        meta_commands,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts(files: &[(&str, &str)]) -> (SqlFacts, Vec<(String, Located)>) {
        let mut read_files = Vec::new();
        let mut errors = Vec::new();
        for (path, text) in files {
            let (changes, errs) = read(path, text);
            errors.extend(errs.into_iter().map(|e| (path.to_string(), e)));
            read_files.push((path.to_string(), changes));
        }
        (replay(&read_files), errors)
    }

    #[test]
    fn rls_state_follows_the_migrations_in_path_order() {
        let (facts, errors) = facts(&[
            (
                "db/002_rls.sql",
                "-- enable\nALTER TABLE invoices ENABLE ROW LEVEL SECURITY;\nALTER TABLE public.invoices FORCE ROW LEVEL SECURITY;\n\nCREATE POLICY tenant_isolation ON invoices\n  USING (tenant_id = current_setting('app.tenant_id')::uuid);\n",
            ),
            (
                "db/001_init.sql",
                "\n/* invoices */\nCREATE TABLE invoices (\n  id bigserial PRIMARY KEY,\n  Tenant_ID uuid NOT NULL\n);\nCREATE TABLE \"Audit\" (id int);\n",
            ),
        ]);
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(facts.files, ["db/001_init.sql", "db/002_rls.sql"]);
        let invoices = &facts.tables[1];
        assert_eq!(invoices.name, "public.invoices");
        assert_eq!(
            (invoices.path.as_str(), invoices.line),
            ("db/001_init.sql", 3)
        );
        assert_eq!(invoices.columns, ["id", "tenant_id"]);
        assert!(invoices.rls_enabled && invoices.rls_forced);
        assert_eq!(facts.tables[0].name, "public.Audit");
        let policy = &facts.policies[0];
        assert_eq!((policy.line, policy.command.as_str()), (5, "ALL"));
        assert!(policy.using_identifiers.contains(&"tenant_id".to_string()));
        assert!(!policy.using_identifiers.iter().any(|i| i.contains("app")));
        assert!(!policy.always_true);
    }

    #[test]
    fn using_true_drop_policy_and_disable() {
        let (facts, _) = facts(&[(
            "m.sql",
            "CREATE TABLE app.t (org_id int);\nALTER TABLE app.t ENABLE ROW LEVEL SECURITY;\nCREATE POLICY p ON app.t AS RESTRICTIVE FOR SELECT TO app_user USING ((true));\nCREATE POLICY q ON app.t USING (org_id = 1);\nDROP POLICY q ON app.t;\nALTER TABLE app.t DISABLE ROW LEVEL SECURITY;\n",
        )]);
        assert!(!facts.tables[0].rls_enabled);
        assert_eq!(facts.policies.len(), 1);
        let p = &facts.policies[0];
        assert!(p.always_true && !p.permissive);
        assert_eq!(p.command, "SELECT");
        assert_eq!(p.roles, ["app_user"]);
    }

    #[test]
    fn a_bad_statement_is_located_and_the_rest_still_read() {
        let (facts, errors) = facts(&[(
            "m.sql",
            "CREATE TABLE a (tenant_id int);\n\n-- typo\nCREAT TABLE b (x int);\nALTER TABLE a ENABLE ROW LEVEL SECURITY;\n",
        )]);
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].1.line, 4);
        assert!(facts.tables[0].rls_enabled);
    }

    #[test]
    fn an_unterminated_string_is_located() {
        let (_, errors) = facts(&[("m.sql", "SELECT 1;\nSELECT 'abc;\n")]);
        assert_eq!(errors[0].1.line, 2, "{errors:?}");
    }

    #[test]
    fn statements_postgresql_accepts_are_read_and_counted() {
        let sql = "\\set ON_ERROR_STOP on\n\\connect app\nALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT ALL ON TABLES TO anon, authenticated;\nCREATE PUBLICATION supabase_realtime FOR TABLE public.notes;\nGRANT EXECUTE ON FUNCTION public.slugify(slug text, name text) TO authenticated;\nDROP INDEX CONCURRENTLY IF EXISTS notes_idx;\nCREATE TABLE public.notes (id uuid, tenant_id uuid);\nALTER TABLE notes ENABLE ROW LEVEL SECURITY;\n";
        let (facts, errors) = facts(&[("m.sql", sql)]);
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(facts.meta_commands, 2);
        assert_eq!(facts.skipped_statements, 4);
        assert_eq!(facts.tables[0].name, "public.notes");
        assert_eq!(facts.tables[0].line, 7);
        assert!(facts.tables[0].rls_enabled);
    }

    #[test]
    fn an_untracked_statement_that_does_not_parse_is_only_counted() {
        let (facts, errors) = facts(&[(
            "m.sql",
            "CREATE TABLE t (tenant_id int);\nGRANT SELECT ON t TO TO anon;\nALTER TABLE t ENABLE ROW LEVEL SECURITY;\nALTER TABLE t ENABLE ROW LEVL SECURITY;\n",
        )]);
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert_eq!(errors[0].1.line, 4);
        assert_eq!(facts.skipped_statements, 1);
        assert!(facts.tables[0].rls_enabled);
    }

    #[test]
    fn columns_dropped_renamed_copied_and_tables_moved() {
        let (facts, errors) = facts(&[(
            "m.sql",
            "CREATE TABLE a (id int, org int, tenant_id int);\nALTER TABLE a DROP COLUMN tenant_id;\nALTER TABLE a RENAME COLUMN org TO org_id;\nCREATE TABLE b (LIKE a INCLUDING ALL, note text);\nCREATE TABLE p (tenant_id int, at date) PARTITION BY RANGE (at);\nCREATE TABLE p_2026 PARTITION OF p FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');\nCREATE SCHEMA archive;\nALTER TABLE b SET SCHEMA archive;\n",
        )]);
        assert!(errors.is_empty(), "{errors:?}");
        let by_name: BTreeMap<&str, &Table> =
            facts.tables.iter().map(|t| (t.name.as_str(), t)).collect();
        assert_eq!(by_name["public.a"].columns, ["id", "org_id"]);
        assert_eq!(by_name["archive.b"].columns, ["id", "org_id", "note"]);
        assert!(!by_name.contains_key("public.b"));
        assert_eq!(by_name["public.p_2026"].columns, ["tenant_id", "at"]);
    }

    #[test]
    fn alter_policy_rename_and_using_true() {
        let (facts, errors) = facts(&[(
            "m.sql",
            "CREATE TABLE t (tenant_id int);\nCREATE POLICY p ON t USING (tenant_id = 1);\nALTER POLICY p ON t TO authenticated USING (true);\nALTER POLICY p ON t RENAME TO q;\n",
        )]);
        assert!(errors.is_empty(), "{errors:?}");
        let p = &facts.policies[0];
        assert_eq!(p.name, "q");
        assert!(p.always_true);
        assert_eq!(p.using.as_deref(), Some("true"));
        assert!(!p.using_identifiers.contains(&"tenant_id".to_string()));
        assert_eq!(p.roles, ["authenticated"]);
    }

    #[test]
    fn do_blocks_functions_and_rolled_back_transactions() {
        let sql = "CREATE TABLE a (tenant_id int);\nCREATE TABLE b (tenant_id int);\nCREATE TABLE c (tenant_id int);\nDO $$\nBEGIN\n  IF NOT EXISTS (SELECT 1 FROM pg_policies WHERE policyname = 'pa') THEN\n    CREATE POLICY pa ON a USING (tenant_id = 1);\n  END IF;\n  ALTER TABLE a ENABLE ROW LEVEL SECURITY;\n  EXECUTE 'ALTER TABLE a FORCE ROW LEVEL SECURITY';\nEND\n$$;\nCREATE FUNCTION secure_b() RETURNS void LANGUAGE plpgsql AS $fn$\nBEGIN\n  ALTER TABLE b ENABLE ROW LEVEL SECURITY;\nEND;\n$fn$;\nBEGIN;\nALTER TABLE c ENABLE ROW LEVEL SECURITY;\nROLLBACK;\nSELECT secure_b();\n";
        let (facts, errors) = facts(&[("m.sql", sql)]);
        assert!(errors.is_empty(), "{errors:?}");
        let state: Vec<(&str, bool, bool)> = facts
            .tables
            .iter()
            .map(|t| (t.name.as_str(), t.rls_enabled, t.rls_forced))
            .collect();
        assert_eq!(
            state,
            [
                ("public.a", true, true),
                ("public.b", true, false),
                ("public.c", false, false)
            ]
        );
        assert_eq!(facts.policies[0].name, "pa");
        assert_eq!(facts.policies[0].line, 7);
    }

    #[test]
    fn long_identifiers_are_cut_at_63_bytes_as_postgresql_cuts_them() {
        let long = "t".repeat(70);
        let sql = format!(
            "CREATE TABLE {long} (tenant_id int);\nALTER TABLE {} ENABLE ROW LEVEL SECURITY;\n",
            "t".repeat(63)
        );
        let (facts, errors) = facts(&[("m.sql", &sql)]);
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(facts.tables[0].name, format!("public.{}", "t".repeat(63)));
        assert!(facts.tables[0].rls_enabled);
    }
}
