//! Data flow inside a function, for taint rules, in Python, Java, JavaScript/TypeScript and Go
//! (one engine per language, `python.rs`, `java.rs`, `javascript.rs`, `go.rs`, on this shared
//! core): which values come from a source, through assignments, string building (concatenation,
//! f-strings and template literals, `%`, `format`), calls (a call's result carries its
//! arguments' and its receiver's taint unless it is a sanitizer; a function of the same file is
//! followed through its summary), containers (a constant key's entry and a known list's element
//! apart from the others, so that an entry replaced, removed or never read carries nothing),
//! branches (each on its own state, merged after; one that returns or raises does not reach
//! what follows), loops, `try`; and constant propagation, so that a condition decidable from
//! constants (`if 7 * 42 - 86 > 200:`) runs only the branch it takes. A flow is a sink's
//! argument that carries taint, with the lines it went through from its source.
//!
//! The sources, sanitizers, guards, propagators and sinks are given as predicates over nodes
//! (a rule's ast-grep matchers); each function is analysed on its own, within a step budget.

pub mod go;
pub mod java;
pub mod javascript;
pub mod python;

use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap};
use std::ops::Range;
use std::rc::Rc;

use ast_grep_core::Node;
use ast_grep_core::tree_sitter::StrDoc;
use ast_grep_language::SupportLang;

pub type AstNode<'r> = Node<'r, StrDoc<SupportLang>>;

/// The byte ranges of a propagator's `from` and `to` parts.
pub type FromTo = (Range<usize>, Range<usize>);

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
    /// A rule's propagator at a node: the byte ranges of its `from` and `to` parts.
    pub propagates: &'s dyn Fn(&AstNode<'_>) -> Option<FromTo>,
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

/// Where a test's sinks are in a tree, for the `sinks_at` of a hand-built `Spec` (the scan
/// finds them in its walk).
#[cfg(test)]
pub(crate) fn sinks_in(
    root: &AstNode<'_>,
    sink_arguments: &dyn Fn(&AstNode<'_>) -> Option<SinkArgs>,
) -> Vec<Range<usize>> {
    root.dfs()
        .filter(|n| sink_arguments(n).is_some())
        .map(|n| n.range())
        .collect()
}

/// Start a function from what the statements of its module or program left in their names
/// (`SECRET = "..."` at the top of the file), except the names it binds itself as parameters.
pub(crate) fn inherit(state: &mut State, globals: &State, own: &[String]) {
    let inherited = |name: &String| {
        let base = name.split('[').next().unwrap_or(name);
        !own.iter().any(|o| o == base)
    };
    for (name, trace) in globals.taint.iter().filter(|(n, _)| inherited(n)) {
        state
            .taint
            .entry(name.clone())
            .or_insert_with(|| trace.clone());
    }
    for (name, known) in globals.consts.iter().filter(|(n, _)| inherited(n)) {
        state
            .consts
            .entry(name.clone())
            .or_insert_with(|| known.clone());
    }
    for (name, seq) in globals.seqs.iter().filter(|(n, _)| inherited(n)) {
        state
            .seqs
            .entry(name.clone())
            .or_insert_with(|| seq.clone());
    }
}

/// Whether a literal list or map is a source or a sanitizer as a whole (`{"verify_signature":
/// False}`): then it is one value, not elements or entries to follow one by one.
pub(crate) fn taken_whole(spec: &Spec<'_>, value: &AstNode<'_>) -> bool {
    (spec.is_source)(value) || (spec.is_sanitizer)(value)
}

/// A rule's propagator at `call`: what its `from` part carries (by `expression`) now taints the
/// name its `to` part is.
pub(crate) fn propagate<'r>(
    spec: &Spec<'_>,
    call: &AstNode<'r>,
    state: &mut State,
    expression: impl Fn(&AstNode<'r>, &State) -> Option<Trace>,
) {
    let Some((from, to)) = (spec.propagates)(call) else {
        return;
    };
    let find = |range: &Range<usize>| call.dfs().find(|n| n.range() == *range);
    let (Some(from), Some(to)) = (find(&from), find(&to)) else {
        return;
    };
    if let Some(mut trace) = expression(&from, state) {
        trace.push(line(call));
        taint_whole(state, &to.text(), Some(trace));
    }
}

/// The rule's guards in `condition`: the names they test, and the names those were computed
/// from (`origins`), are clean from here on.
pub(crate) fn validate(spec: &Spec<'_>, condition: &AstNode<'_>, state: &mut State) {
    let mut names = Vec::new();
    for guard in condition.dfs().filter(|n| (spec.is_guard)(n)) {
        for name in guard.dfs().filter(|n| n.kind() == "identifier") {
            let name = name.text().to_string();
            if let Some(origins) = state.origins.get(&name) {
                names.extend(origins.iter().cloned());
            }
            names.push(name);
        }
    }
    for name in names {
        state.taint.remove(&name);
        state.seqs.remove(&name);
    }
}

/// An `if` with at most one `else` (C-like languages): the branch a constant condition takes,
/// else both on their own states, merged after; past `if (<guard>) return;`, what the guard
/// tested is clean. `run` analyses a branch's statement.
pub(crate) fn if_else<'r>(
    spec: &Spec<'_>,
    state: &mut State,
    condition: Option<&AstNode<'r>>,
    decided: Option<Const>,
    (consequence, alternative): (Option<AstNode<'r>>, Option<AstNode<'r>>),
    run: impl Fn(&AstNode<'r>, &mut State),
) {
    match decided {
        Some(Const::Bool(true)) => {
            if let Some(body) = consequence {
                run(&body, state);
            }
        }
        Some(Const::Bool(false)) => {
            if let Some(body) = alternative {
                run(&body, state);
            }
        }
        _ => {
            let mut then = state.clone();
            if let Some(body) = consequence {
                run(&body, &mut then);
            }
            if then.ended
                && alternative.is_none()
                && let Some(condition) = condition
            {
                validate(spec, condition, state);
            }
            if let Some(body) = alternative {
                run(&body, state);
            }
            *state = then.merge(std::mem::take(state));
        }
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

/// What a function of the file does with its parameters.
#[derive(Default)]
pub(crate) struct Summary {
    /// For each parameter position, whether its value reaches the return value.
    pub to_return: Vec<bool>,
    /// A source inside the function reaches its return value.
    pub source_return: Option<Trace>,
    /// Sinks inside the function a parameter reaches: (parameter position, flow).
    pub to_sink: Vec<(usize, Flow)>,
}

/// What every language's analysis of one file keeps: the flows found, what the function being
/// analysed returns, the functions too big for their budget, and the summaries of the file's
/// functions (by name).
pub(crate) struct Core<'r> {
    pub functions: HashMap<String, AstNode<'r>>,
    summaries: RefCell<HashMap<String, Option<Rc<Summary>>>>,
    flows: RefCell<Vec<Flow>>,
    returns: RefCell<Option<Trace>>,
    too_big: RefCell<Vec<TooBig>>,
}

impl<'r> Core<'r> {
    pub fn new(functions: HashMap<String, AstNode<'r>>) -> Self {
        Core {
            functions,
            summaries: RefCell::default(),
            flows: RefCell::default(),
            returns: RefCell::default(),
            too_big: RefCell::default(),
        }
    }

    /// The summary of the file's function `name`, made by `summarise` the first time; None
    /// when there is no such function, or while it is being summarised (a recursive call,
    /// whose arguments then carry on as through any call).
    pub fn summary(
        &self,
        name: &str,
        summarise: impl FnOnce(&AstNode<'r>) -> Summary,
    ) -> Option<Rc<Summary>> {
        let definition = self.functions.get(name)?;
        if let Some(known) = self.summaries.borrow().get(name) {
            return known.clone();
        }
        self.summaries.borrow_mut().insert(name.to_string(), None);
        let summary = Rc::new(summarise(definition));
        self.summaries
            .borrow_mut()
            .insert(name.to_string(), Some(Rc::clone(&summary)));
        Some(summary)
    }

    /// Summarise a function whose parameter positions bind `positions`: `run` analyses its
    /// body from a state, once with each position tainted (from line `at`) and once with none.
    pub fn summarise(&self, positions: &[Vec<String>], at: u32, run: impl Fn(State)) -> Summary {
        let mut summary = Summary {
            to_return: vec![false; positions.len()],
            ..Summary::default()
        };
        let outer_flows = self.flows.replace(Vec::new());
        let outer_returns = self.returns.replace(None);
        for index in 0..=positions.len() {
            let mut state = State::default();
            for name in positions.get(index).into_iter().flatten() {
                state.taint.insert(name.clone(), vec![at]);
            }
            run(state);
            let returned = self.returns.replace(None);
            let flows = self.flows.replace(Vec::new());
            if index < positions.len() {
                summary.to_return[index] = returned.is_some();
                summary
                    .to_sink
                    .extend(flows.into_iter().map(|flow| (index, flow)));
            } else {
                summary.source_return = returned;
            }
        }
        self.flows.replace(outer_flows);
        self.returns.replace(outer_returns);
        summary
    }

    /// The taint of a call of a summarised function at `call`, given its tainted arguments by
    /// parameter position; the sinks inside it that they reach are reported.
    pub fn apply(
        &self,
        summary: &Summary,
        arguments: impl IntoIterator<Item = (usize, Trace)>,
        call: &AstNode<'_>,
    ) -> Option<Trace> {
        let mut out = summary.source_return.clone();
        for (index, trace) in arguments {
            if summary.to_return.get(index) == Some(&true) && out.is_none() {
                out = Some(trace.clone());
            }
            for (_, flow) in summary.to_sink.iter().filter(|(p, _)| *p == index) {
                let mut through = trace.clone();
                through.extend(flow.trace.iter().copied());
                self.flows.borrow_mut().push(Flow {
                    source_line: through.first().copied().unwrap_or(flow.sink_line),
                    sink_line: flow.sink_line,
                    sink: flow.sink.clone(),
                    trace: through,
                });
            }
        }
        out.map(|mut t| {
            t.push(line(call));
            t
        })
    }

    /// A tainted value (`trace`) reaches `sink`.
    pub fn flow(&self, mut trace: Trace, sink: &AstNode<'_>) {
        let sink_line = line(sink);
        if trace.last() != Some(&sink_line) {
            trace.push(sink_line);
        }
        self.flows.borrow_mut().push(Flow {
            source_line: trace.first().copied().unwrap_or(sink_line),
            sink_line,
            sink: sink.range(),
            trace,
        });
    }

    /// If `candidate` is one of the rule's sinks and one of its checked parts carries taint (by
    /// `expression`), that is a flow. `all` gives every part, for a sink with no focus.
    pub fn check_sink(
        &self,
        spec: &Spec<'_>,
        candidate: &AstNode<'r>,
        all: impl FnOnce() -> Vec<AstNode<'r>>,
        expression: impl Fn(&AstNode<'r>) -> Option<Trace>,
    ) {
        if !spec.at_sink(candidate) {
            return;
        }
        let Some(parts) = (spec.sink_arguments)(candidate) else {
            return;
        };
        let checked: Vec<AstNode<'r>> = match parts {
            SinkArgs::All => all(),
            SinkArgs::Ranges(ranges) => ranges
                .iter()
                .filter_map(|r| candidate.dfs().find(|n| n.range() == *r))
                .collect(),
        };
        if let Some(trace) = checked.iter().find_map(expression) {
            self.flow(trace, candidate);
        }
    }

    /// The function being analysed returns a tainted value at `at` (the first one counts).
    pub fn returned(&self, mut trace: Trace, at: u32) {
        let mut returns = self.returns.borrow_mut();
        if returns.is_none() {
            trace.push(at);
            *returns = Some(trace);
        }
    }

    /// Analyse one function with a fresh step budget; one that runs out is noted as too big.
    pub fn with_budget(&self, function: &str, at: u32, analyse: impl FnOnce()) {
        let spent = fresh_budget();
        analyse();
        if resume_budget(spent) {
            let too_big = TooBig {
                function: function.to_string(),
                line: at,
            };
            let mut list = self.too_big.borrow_mut();
            if !list.contains(&too_big) {
                list.push(too_big);
            }
        }
    }

    /// The flows found (one per sink, in line order) and the functions too big.
    pub fn finish(self) -> (Vec<Flow>, Vec<TooBig>) {
        let mut flows = self.flows.into_inner();
        flows.sort_by_key(|f| (f.sink.start, f.source_line));
        flows.dedup_by(|a, b| a.sink == b.sink);
        flows.sort_by_key(|f| (f.sink_line, f.source_line));
        (flows, self.too_big.into_inner())
    }
}

/// The taint of a name: the name, or any of its entries or known elements.
pub(crate) fn read(name: &str, state: &State) -> Option<Trace> {
    if let Some(trace) = state.taint.get(name) {
        return Some(trace.clone());
    }
    if let Some(seq) = state.seqs.get(name) {
        return seq.iter().flatten().next().cloned();
    }
    let prefix = format!("{name}[");
    state
        .taint
        .range(prefix.clone()..)
        .take_while(|(k, _)| k.starts_with(&prefix))
        .map(|(_, t)| t.clone())
        .next()
}

/// Whether some entry of `base` (`base[key]`) is known to be tainted.
pub(crate) fn has_entries(state: &State, base: &str) -> bool {
    let prefix = format!("{base}[");
    state
        .taint
        .range(prefix.clone()..)
        .next()
        .is_some_and(|(k, _)| k.starts_with(&prefix))
}

/// Give `name` a new value: what was said of it and of its entries goes.
pub(crate) fn bind(state: &mut State, name: &str, trace: Option<Trace>, known: Option<Const>) {
    let prefix = format!("{name}[");
    state.taint.retain(|k, _| !k.starts_with(&prefix));
    state.seqs.remove(name);
    match trace {
        Some(trace) => {
            state.taint.insert(name.to_string(), trace);
        }
        None => {
            state.taint.remove(name);
        }
    }
    match known {
        Some(c) => state.consts.insert(name.to_string(), c),
        None => state.consts.remove(name),
    };
}

/// `base` as a whole now also carries `taint`.
pub(crate) fn taint_whole(state: &mut State, base: &str, taint: Option<Trace>) {
    if let Some(trace) = taint {
        state.taint.entry(base.to_string()).or_insert(trace);
    }
}

/// How a language divides integers.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Division {
    /// Truncating toward zero (Java, Go).
    Truncating,
    /// Only when exact (JavaScript's numbers are floats).
    ExactOnly,
}

/// A binary operator of C-like languages on two constants: arithmetic, string concatenation,
/// `&&`/`||`, and comparisons (`===`/`!==` as `==`/`!=`; strings compared by value).
pub(crate) fn fold(operator: &str, a: Const, b: Const, division: Division) -> Option<Const> {
    use std::cmp::Ordering::*;
    Some(match (operator, a, b) {
        ("+", Const::Int(a), Const::Int(b)) => Const::Int(a.checked_add(b)?),
        ("-", Const::Int(a), Const::Int(b)) => Const::Int(a.checked_sub(b)?),
        ("*", Const::Int(a), Const::Int(b)) => Const::Int(a.checked_mul(b)?),
        ("/", Const::Int(a), Const::Int(b)) => {
            if division == Division::ExactOnly && a.checked_rem(b)? != 0 {
                return None;
            }
            Const::Int(a.checked_div(b)?)
        }
        ("%", Const::Int(a), Const::Int(b)) => Const::Int(a.checked_rem(b)?),
        ("+", Const::Str(a), Const::Str(b)) => Const::Str(a + &b),
        ("&&", Const::Bool(a), Const::Bool(b)) => Const::Bool(a && b),
        ("||", Const::Bool(a), Const::Bool(b)) => Const::Bool(a || b),
        (op, a, b) => {
            let ordering = match (&a, &b) {
                (Const::Int(a), Const::Int(b)) => a.cmp(b),
                (Const::Str(a), Const::Str(b)) => a.cmp(b),
                (Const::Bool(a), Const::Bool(b)) => a.cmp(b),
                _ => return None,
            };
            Const::Bool(match op {
                "<" => ordering == Less,
                "<=" => ordering != Greater,
                ">" => ordering == Greater,
                ">=" => ordering != Less,
                "==" | "===" => ordering == Equal,
                "!=" | "!==" => ordering != Equal,
                _ => return None,
            })
        }
    })
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
