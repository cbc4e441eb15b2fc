//! Data flow inside a function, for taint rules (Python and Java): which values
//! come from a source, through assignments, concatenation, f-strings, `%` and `format`, calls
//! (a call's result carries its arguments' and its receiver's taint unless it is a sanitizer),
//! containers (a constant key's entry apart from the others, so that an entry replaced or never
//! read carries nothing), branches (each branch on its own state, merged after; a branch that
//! ends in `return` or `raise` does not reach what follows), loops, `try` and `with`; and
//! constant propagation, so that a condition decidable from constants (`if 7 * 42 - 86 > 200:`)
//! runs only the branch it takes. A flow is a sink's argument that carries taint, with the lines
//! it went through from its source.
//!
//! The sources, sanitizers and sinks are given as predicates over nodes (a rule's ast-grep
//! matchers); each function is analysed on its own (a route nested in another function too).

pub mod go;
pub mod java;
pub mod javascript;
pub mod python;

use std::collections::BTreeMap;

use ast_grep_core::Node;
use ast_grep_core::tree_sitter::StrDoc;
use ast_grep_language::SupportLang;

pub type AstNode<'r> = Node<'r, StrDoc<SupportLang>>;

/// What a rule says taints, cleans and must not receive taint.
pub struct Spec<'s> {
    pub is_source: &'s dyn Fn(&AstNode<'_>) -> bool,
    pub is_sanitizer: &'s dyn Fn(&AstNode<'_>) -> bool,
    /// Whether a node is a sink, and which of its parts must not be tainted.
    pub sink_arguments: &'s dyn Fn(&AstNode<'_>) -> Option<SinkArgs>,
    /// Whether a node inside a condition validates the names in it: past
    /// `if <guard>: return`, they are clean.
    pub is_guard: &'s dyn Fn(&AstNode<'_>) -> bool,
    /// Where the file's sinks are (byte ranges): only a function with a sink, or one that calls
    /// the file's functions that lead to one, is analysed.
    pub sinks_at: &'s [std::ops::Range<usize>],
}

impl Spec<'_> {
    /// Whether a node is one of the file's sinks (`sinks_at`, in the order of a preorder walk,
    /// so sorted by where they start).
    pub(crate) fn at_sink(&self, node: &AstNode<'_>) -> bool {
        let range = node.range();
        let first = self.sinks_at.partition_point(|s| s.start < range.start);
        self.sinks_at[first..]
            .iter()
            .take_while(|s| s.start == range.start)
            .any(|s| *s == range)
    }
}

/// The parts of a sink that must not carry taint.
pub enum SinkArgs {
    /// Every argument of the call.
    All,
    /// The nodes at these byte ranges (a rule's focus metavariable).
    Ranges(Vec<std::ops::Range<usize>>),
}

/// A tainted value reaching a sink: the lines (1-based) from its source to the sink.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Flow {
    pub source_line: u32,
    pub sink_line: u32,
    /// The byte range of the sink call.
    pub sink: std::ops::Range<usize>,
    /// Every line the value went through, source first, sink last.
    pub trace: Vec<u32>,
}

/// The lines a tainted value went through.
pub(crate) type Trace = Vec<u32>;

/// A constant the analysis knows.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Const {
    Int(i64),
    Str(String),
    Bool(bool),
}

/// What is known at one point of a function: tainted names (`x`, and `x[key]` for a constant
/// key of a container), and constant names.
#[derive(Debug, Clone, Default)]
pub(crate) struct State {
    pub taint: BTreeMap<String, Trace>,
    pub consts: BTreeMap<String, Const>,
    /// Lists and arrays whose every element is known, in order (`new ArrayList<>()` then
    /// `add`, `remove(0)`; `{"a", b}`): each element's taint.
    pub seqs: BTreeMap<String, Vec<Option<Trace>>>,
    /// The names each name's value was computed from (`url = urlparse(bar)`: bar), so that a
    /// guard on `url` validates `bar` too.
    pub origins: BTreeMap<String, Vec<String>>,
    /// This path has returned or raised: nothing after it runs on it.
    pub ended: bool,
}

impl State {
    pub fn merge(mut self, other: State) -> State {
        match (self.ended, other.ended) {
            (true, _) => other,
            (_, true) => self,
            _ => {
                for (name, trace) in other.taint {
                    self.taint.entry(name).or_insert(trace);
                }
                self.consts.retain(|k, v| other.consts.get(k) == Some(v));
                for (name, theirs) in other.seqs {
                    let Some(ours) = self.seqs.get_mut(&name) else {
                        continue;
                    };
                    if ours.len() == theirs.len() {
                        for (mine, other) in ours.iter_mut().zip(theirs) {
                            if mine.is_none() {
                                *mine = other;
                            }
                        }
                    } else {
                        // Lengths differ: the list as a whole carries what either held.
                        let all = ours.iter().chain(&theirs).flatten().next().cloned();
                        self.seqs.remove(&name);
                        if let Some(trace) = all {
                            self.taint.entry(name).or_insert(trace);
                        }
                    }
                }
                self
            }
        }
    }
}

/// How deep the analysis follows nested statements and expressions: a file nested deeper (a
/// hostile one) is analysed to this depth, not followed until the stack overflows.
const MAX_DEPTH: u32 = 200;

thread_local! {
    static DEPTH: std::cell::Cell<u32> = const { std::cell::Cell::new(0) };
}

/// One level deeper while it lives; None at the limit.
pub(crate) struct Deeper;

impl Deeper {
    pub fn enter() -> Option<Deeper> {
        DEPTH.with(|d| {
            (d.get() < MAX_DEPTH).then(|| {
                d.set(d.get() + 1);
                Deeper
            })
        })
    }
}

impl Drop for Deeper {
    fn drop(&mut self) {
        DEPTH.with(|d| d.set(d.get().saturating_sub(1)));
    }
}

/// How many steps (statements and expressions visited) the analysis of one function may take:
/// a function too big for it is analysed that far and reported as too big.
pub const STEP_BUDGET: u32 = 200_000;

thread_local! {
    static STEPS: std::cell::Cell<u32> = const { std::cell::Cell::new(0) };
}

/// One more step of the current function's analysis; false once its budget is spent.
pub(crate) fn step() -> bool {
    STEPS.with(|s| {
        let n = s.get().saturating_add(1);
        s.set(n);
        n <= STEP_BUDGET
    })
}

/// A whole budget for the function about to be analysed; gives back the steps spent before, for
/// `resume_budget` (a callee's summary is computed in the middle of its caller).
pub(crate) fn fresh_budget() -> u32 {
    STEPS.with(|s| s.replace(0))
}

/// Whether the function just analysed ran out of budget; the caller's spent steps again.
pub(crate) fn resume_budget(spent: u32) -> bool {
    STEPS.with(|s| s.replace(spent) > STEP_BUDGET)
}

/// A function the analysis gave up on: its name and line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TooBig {
    pub function: String,
    pub line: u32,
}

/// Which of `functions` (nodes whose range is a body, by name) need analysing: those with a
/// sink inside, and those that call (by the name `called` gives a call node) one that does,
/// to any depth.
pub(crate) fn leading_to_sinks<'r>(
    functions: &[(String, AstNode<'r>)],
    sinks_at: &[std::ops::Range<usize>],
    call_kind: &str,
    called: impl Fn(&AstNode<'r>) -> Option<String>,
) -> Vec<bool> {
    let inside = |range: &std::ops::Range<usize>, node: &AstNode<'_>| {
        let r = node.range();
        r.start <= range.start && range.end <= r.end
    };
    let mut marked: Vec<bool> = functions
        .iter()
        .map(|(_, f)| sinks_at.iter().any(|s| inside(s, f)))
        .collect();
    let calls: Vec<Vec<String>> = functions
        .iter()
        .map(|(_, f)| {
            f.dfs()
                .filter(|n| n.kind() == call_kind)
                .filter_map(|n| called(&n))
                .collect()
        })
        .collect();
    loop {
        let reaching: std::collections::HashSet<&str> = functions
            .iter()
            .zip(&marked)
            .filter(|(_, m)| **m)
            .map(|((name, _), _)| name.as_str())
            .collect();
        let mut changed = false;
        for (i, names) in calls.iter().enumerate() {
            if !marked[i] && names.iter().any(|n| reaching.contains(n.as_str())) {
                marked[i] = true;
                changed = true;
            }
        }
        if !changed {
            return marked;
        }
    }
}

/// The nodes of `top` in preorder, without what is inside nested definitions (`nested` kinds:
/// lambdas, functions, classes), which are analysed on their own.
pub(crate) fn own_nodes<'r>(top: &AstNode<'r>, nested: &[&str]) -> Vec<AstNode<'r>> {
    let mut out = Vec::new();
    let mut stack = vec![top.clone()];
    while let Some(node) = stack.pop() {
        let descend = node.range() == top.range() || !nested.contains(&node.kind().as_ref());
        if descend {
            let children: Vec<AstNode<'r>> = node.children().collect();
            stack.extend(children.into_iter().rev());
        }
        out.push(node);
    }
    out
}

pub(crate) fn line(node: &AstNode<'_>) -> u32 {
    u32::try_from(node.start_pos().line() + 1).unwrap_or(u32::MAX)
}

pub(crate) fn entry(base: &str, key: &Const) -> String {
    match key {
        Const::Int(i) => format!("{base}[{i}]"),
        Const::Str(s) => format!("{base}[{s:?}]"),
        Const::Bool(b) => format!("{base}[{b}]"),
    }
}
