//! Data flow inside a Python function (see the module above for what a flow is), with a
//! summary of each function of the same file: which parameters reach its return value or a
//! sink in it, and whether it returns a source's value, so that `bar = helper(param)` is
//! followed.
//!
//! Python specifics: assignments (chained, tuple unpacking, `x[k] = v`, `obj.attr = v`),
//! augmented assignment, f-strings, `%` and `format`, the conditional expression, `if`/`elif`,
//! `match` (a subject decidable from constants runs only its case), loops, `try` and `with`,
//! lists whose elements are known (`[a, b]`, `append`, `insert`, `pop`, `del x[0]`, `x[-1]`),
//! dicts and config parsers by constant key (`{"k": v}`, `d["k"] = v`, `d.get("k")`,
//! `c.set("s", "k", v)`, `c.get("s", "k")`), and a rule's validation guards: after
//! `if <guard on x>: return`, x is taken as validated.

use std::collections::HashMap;
use std::rc::Rc;

use super::{
    AstNode as PyNode, Const, Core, Deeper, Flow, Spec, State, Summary, TooBig, Trace, bind, entry,
    has_entries, leading_to_sinks, line, own_nodes, read, step, taint_whole,
};

/// Methods whose result says something about a value but does not carry it.
const MEASURES: &[&str] = &[
    "startswith",
    "endswith",
    "isalnum",
    "isalpha",
    "isdigit",
    "isdecimal",
    "isnumeric",
    "isidentifier",
    "isspace",
    "islower",
    "isupper",
    "count",
    "find",
    "rfind",
    "index",
    "rindex",
    "exists",
    "isfile",
    "isdir",
];

/// Builtins whose result carries nothing of their argument.
const MEASURING_BUILTINS: &[&str] = &[
    "len",
    "bool",
    "isinstance",
    "hasattr",
    "callable",
    "id",
    "hash",
    "type",
];

struct Ctx<'r, 's> {
    spec: &'s Spec<'s>,
    /// The file's functions by name (the first definition of a name).
    core: Core<'r>,
    /// What the module's own statements leave in its names (`SECRET = "..."` at the top of the
    /// file): where every function starts, for the names it does not bind as parameters.
    globals: std::cell::RefCell<State>,
}

/// Analyse every function (and the module's own statements) of a Python tree.
pub fn analyze(root: &PyNode<'_>, spec: &Spec<'_>) -> (Vec<Flow>, Vec<TooBig>) {
    let mut functions = HashMap::new();
    let mut bodies = vec![root.clone()];
    for node in root.dfs() {
        if node.kind() == "function_definition" {
            if let Some(name) = node.field("name") {
                functions
                    .entry(name.text().to_string())
                    .or_insert_with(|| node.clone());
            }
            bodies.push(node);
        }
    }
    let ctx = Ctx {
        spec,
        core: Core::new(functions),
        globals: std::cell::RefCell::new(State::default()),
    };
    // Only what has a sink, or calls into this file's functions that lead to one.
    let named_bodies: Vec<(String, PyNode<'_>)> = bodies
        .into_iter()
        .map(|b| {
            let name = b.field("name").map(|n| n.text().to_string());
            (name.unwrap_or_default(), b)
        })
        .collect();
    let wanted = leading_to_sinks(&named_bodies, spec.sinks_at, "call", |call| {
        let function = call.field("function")?;
        match function.kind().as_ref() {
            "identifier" => Some(function.text().to_string()),
            "attribute" => Some(function.field("attribute")?.text().to_string()),
            _ => None,
        }
    });
    // The module runs first whenever a function is analysed: its names are the functions'
    // globals.
    let any_wanted = wanted.iter().any(|w| *w);
    let bodies = named_bodies
        .into_iter()
        .zip(wanted)
        .enumerate()
        .filter(|(i, (_, wanted))| *wanted || (*i == 0 && any_wanted))
        .map(|(_, ((_, body), _))| body);
    for function in bodies {
        if function.kind() == "module" {
            let mut globals = ctx.run(&function, State::default());
            globals.ended = false;
            *ctx.globals.borrow_mut() = globals;
            continue;
        }
        let mut state = State::default();
        for parameter in parameters(&function) {
            // A parameter the rule names as a source.
            if (spec.is_source)(&parameter)
                && let Some(name) = parameter_name(&parameter)
            {
                state.taint.insert(name, vec![line(&parameter)]);
            }
        }
        ctx.run(&function, state);
    }
    ctx.core.finish()
}

fn named<'r>(node: &PyNode<'r>) -> impl Iterator<Item = PyNode<'r>> {
    node.children()
        .filter(|c| c.is_named() && c.kind() != "comment")
}

fn parameters<'r>(function: &PyNode<'r>) -> Vec<PyNode<'r>> {
    function
        .field("parameters")
        .map(|p| named(&p).collect())
        .unwrap_or_default()
}

/// The name a parameter binds (`x`, `x=1`, `x: int`, `*args`, `**kw`).
fn parameter_name(parameter: &PyNode<'_>) -> Option<String> {
    if parameter.kind() == "identifier" {
        return Some(parameter.text().to_string());
    }
    parameter
        .field("name")
        .or_else(|| parameter.dfs().find(|n| n.kind() == "identifier"))
        .map(|n| n.text().to_string())
}

fn arguments<'r>(call: &PyNode<'r>) -> Vec<PyNode<'r>> {
    call.field("arguments")
        .map(|a| named(&a).collect())
        .unwrap_or_default()
}

fn either(a: Option<Trace>, b: impl FnOnce() -> Option<Trace>) -> Option<Trace> {
    a.or_else(b)
}

/// The (then, condition, else) of a conditional expression.
fn conditional<'r>(node: &PyNode<'r>) -> Option<(PyNode<'r>, PyNode<'r>, PyNode<'r>)> {
    let mut parts = named(node);
    Some((parts.next()?, parts.next()?, parts.next()?))
}

impl<'r> Ctx<'r, '_> {
    /// Analyse a function (or the module) from `state`; what its names hold at the end.
    fn run(&self, function: &PyNode<'r>, mut state: State) -> State {
        let body = if function.kind() == "module" {
            function.clone()
        } else {
            let Some(body) = function.field("body") else {
                return state;
            };
            let own: Vec<String> = parameters(function)
                .iter()
                .filter_map(parameter_name)
                .collect();
            super::inherit(&mut state, &self.globals.borrow(), &own);
            body
        };
        let name = function
            .field("name")
            .map_or_else(|| "<module>".to_string(), |n| n.text().to_string());
        self.core
            .with_budget(&name, line(function), || self.block(&body, &mut state));
        state
    }

    /// The name of the file's function a call reaches: `f(...)` or `self.f(...)`.
    fn callee(&self, call: &PyNode<'r>) -> Option<String> {
        let function = call.field("function")?;
        match function.kind().as_ref() {
            "identifier" => Some(function.text().to_string()),
            "attribute"
                if function
                    .field("object")
                    .is_some_and(|o| matches!(o.text().as_ref(), "self" | "cls")) =>
            {
                Some(function.field("attribute")?.text().to_string())
            }
            _ => None,
        }
    }

    fn summary(&self, call: &PyNode<'r>) -> Option<Rc<Summary>> {
        self.core.summary(&self.callee(call)?, |function| {
            let positions: Vec<Vec<String>> = parameters(function)
                .iter()
                .map(|p| parameter_name(p).into_iter().collect())
                .collect();
            self.core.summarise(&positions, line(function), |state| {
                self.run(function, state);
            })
        })
    }

    fn block(&self, node: &PyNode<'r>, state: &mut State) {
        let Some(_deeper) = Deeper::enter() else {
            return;
        };
        for child in named(node) {
            if state.ended {
                return;
            }
            self.statement(&child, state);
        }
    }

    fn statement(&self, node: &PyNode<'r>, state: &mut State) {
        let Some(_deeper) = Deeper::enter() else {
            return;
        };
        if !step() {
            return;
        }
        match node.kind().as_ref() {
            // Analysed on their own.
            "function_definition" | "class_definition" | "decorated_definition" => {}
            "block" => self.block(node, state),
            "if_statement" => self.if_statement(node, state),
            "match_statement" => self.match_statement(node, state),
            "for_statement" | "while_statement" => self.looped(node, state),
            "try_statement" => self.try_statement(node, state),
            "with_statement" => {
                for child in named(node) {
                    if child.kind() == "block" {
                        self.block(&child, state);
                        continue;
                    }
                    self.sinks(&child, state);
                    // `with open(p) as f`: f carries what open(p) does.
                    for item in child.dfs().filter(|n| n.kind() == "as_pattern") {
                        if let (Some(value), Some(alias)) =
                            (named(&item).next(), item.field("alias"))
                        {
                            let taint = self.expression(&value, state);
                            let target = named(&alias).next().unwrap_or_else(|| alias.clone());
                            self.assign(&target, &value, taint, state);
                        }
                    }
                }
            }
            "return_statement" => {
                self.sinks(node, state);
                if let Some(value) = named(node).next()
                    && let Some(trace) = self.expression(&value, state)
                {
                    self.core.returned(trace, line(node));
                }
                state.ended = true;
            }
            "raise_statement" => {
                self.sinks(node, state);
                state.ended = true;
            }
            "delete_statement" => {
                for target in node.dfs().filter(|n| n.kind() == "subscript") {
                    self.delete(&target, state);
                }
            }
            "expression_statement" => {
                for child in named(node) {
                    self.sinks(&child, state);
                    match child.kind().as_ref() {
                        "assignment" => self.assignment(&child, state),
                        "augmented_assignment" => {
                            if let (Some(left), Some(right)) =
                                (child.field("left"), child.field("right"))
                            {
                                let taint = either(self.expression(&right, state), || {
                                    self.expression(&left, state)
                                });
                                self.assign(&left, &right, taint, state);
                                if let Some(name) =
                                    (left.kind() == "identifier").then(|| left.text())
                                {
                                    state.consts.remove(name.as_ref());
                                }
                            }
                        }
                        "call" => self.effect(&child, state),
                        _ => {}
                    }
                }
            }
            _ => self.sinks(node, state),
        }
    }

    fn if_statement(&self, node: &PyNode<'r>, state: &mut State) {
        // (condition, body) of the if and each elif, then the else's body.
        let mut arms: Vec<(Option<PyNode<'r>>, Option<PyNode<'r>>)> =
            vec![(node.field("condition"), node.field("consequence"))];
        let mut otherwise = None;
        for child in node.field_children("alternative") {
            match child.kind().as_ref() {
                "elif_clause" => arms.push((child.field("condition"), child.field("consequence"))),
                "else_clause" => otherwise = child.field("body"),
                _ => {}
            }
        }
        let single = arms.len() == 1 && otherwise.is_none();
        let mut merged: Option<State> = None;
        let mut all_decided_false = true;
        for (condition, body) in arms {
            if let Some(condition) = &condition {
                self.sinks(condition, state);
            }
            match condition.as_ref().and_then(|c| constant(c, state)) {
                Some(Const::Bool(false)) => continue,
                Some(Const::Bool(true)) if all_decided_false => {
                    // This branch is the one that runs.
                    if let Some(body) = body {
                        self.block(&body, state);
                    }
                    return;
                }
                _ => all_decided_false = false,
            }
            let mut arm = state.clone();
            if let Some(body) = body {
                self.block(&body, &mut arm);
            }
            // `if <guard on x>: return`: past it, x has been validated.
            if single
                && arm.ended
                && let Some(condition) = &condition
            {
                super::validate(self.spec, condition, state);
            }
            merged = Some(match merged {
                Some(m) => m.merge(arm),
                None => arm,
            });
        }
        let mut rest = state.clone();
        if let Some(body) = otherwise {
            self.block(&body, &mut rest);
        }
        *state = match merged {
            Some(m) if all_decided_false => rest.merge(m),
            Some(m) => m.merge(rest),
            None => rest,
        };
    }

    fn match_statement(&self, node: &PyNode<'r>, state: &mut State) {
        let subject = node.field("subject");
        if let Some(subject) = &subject {
            self.sinks(subject, state);
        }
        let value = subject.as_ref().and_then(|s| constant(s, state));
        let cases: Vec<PyNode<'r>> = node.dfs().filter(|n| n.kind() == "case_clause").collect();
        // A subject known: the first case whose literal patterns hold it, or a catch-all.
        if let Some(value) = &value {
            for case in &cases {
                if case.field("guard").is_some() {
                    break;
                }
                let patterns: Vec<PyNode<'r>> = case
                    .children()
                    .filter(|c| c.kind() == "case_pattern")
                    .collect();
                let matches = patterns.iter().any(|p| {
                    let alternatives: Vec<PyNode<'r>> = p
                        .dfs()
                        .filter(|n| matches!(n.kind().as_ref(), "string" | "integer"))
                        .collect();
                    let catch_all = matches!(p.text().trim(), "_")
                        || (named(p).count() == 1
                            && named(p)
                                .all(|c| c.kind() == "dotted_name" && !c.text().contains('.')));
                    catch_all
                        || alternatives
                            .iter()
                            .any(|a| constant(a, state).as_ref() == Some(value))
                });
                if matches {
                    if let Some(body) = case.field("consequence") {
                        self.block(&body, state);
                    }
                    return;
                }
            }
            // Undecided patterns (classes, captures with guards): every case, below.
        }
        // Each case on its own state, merged after.
        let mut merged: Option<State> = None;
        for case in cases {
            let mut arm = state.clone();
            if let Some(body) = case.field("consequence") {
                self.block(&body, &mut arm);
            }
            merged = Some(match merged {
                Some(m) => m.merge(arm),
                None => arm,
            });
        }
        // No case may match: what was before goes on too.
        if let Some(m) = merged {
            *state = state.clone().merge(m);
        }
    }

    fn looped(&self, node: &PyNode<'r>, state: &mut State) {
        if node.kind() == "for_statement"
            && let (Some(target), Some(iterable)) = (node.field("left"), node.field("right"))
        {
            self.sinks(&iterable, state);
            let taint = self.expression(&iterable, state);
            self.assign(&target, &iterable, taint, state);
        }
        let condition = node.field("condition");
        if let Some(condition) = &condition {
            self.sinks(condition, state);
            if matches!(constant(condition, state), Some(Const::Bool(false))) {
                return;
            }
        }
        // Twice, so that what one iteration taints reaches the next; a loop may also not run
        // at all.
        if let Some(body) = node.field("body") {
            let before = state.clone();
            let mut looped = state.clone();
            for _ in 0..2 {
                looped.ended = false;
                self.block(&body, &mut looped);
            }
            looped.ended = false;
            *state = before.merge(looped);
        }
    }

    fn try_statement(&self, node: &PyNode<'r>, state: &mut State) {
        let before = state.clone();
        let mut merged: Option<State> = None;
        for child in named(node) {
            match child.kind().as_ref() {
                "block" => self.block(&child, state),
                "except_clause" | "except_group_clause" => {
                    // A handler runs on what the body may have done so far.
                    let mut handler = before.clone().merge(state.clone());
                    handler.ended = false;
                    for part in child.children().filter(|c| c.kind() == "block") {
                        self.block(&part, &mut handler);
                    }
                    merged = Some(match merged {
                        Some(m) => m.merge(handler),
                        None => handler,
                    });
                }
                "else_clause" | "finally_clause" => {
                    for part in child.children().filter(|c| c.kind() == "block") {
                        self.block(&part, state);
                    }
                }
                _ => {}
            }
        }
        if let Some(m) = merged {
            *state = state.clone().merge(m);
        }
    }

    fn assignment(&self, node: &PyNode<'r>, state: &mut State) {
        let (Some(left), Some(right)) = (node.field("left"), node.field("right")) else {
            return;
        };
        // `a = b = value`
        let value = if right.kind() == "assignment" {
            self.assignment(&right, state);
            right.field("left")
        } else {
            self.effect_of_value(&right, state);
            Some(right)
        };
        let Some(value) = value else { return };
        let taint = self.expression(&value, state);
        self.assign(&left, &value, taint, state);
    }

    /// `x = items.pop(0)`: the value is read, then the list changes.
    fn effect_of_value(&self, value: &PyNode<'r>, state: &mut State) {
        if value.kind() == "call" {
            self.effect(value, state);
        }
    }

    /// Bind `target` (a name, a tuple of names, `name[CONST]`, `obj.attr`) to `value`.
    fn assign(
        &self,
        target: &PyNode<'r>,
        value: &PyNode<'r>,
        taint: Option<Trace>,
        state: &mut State,
    ) {
        let at = line(target);
        let trace = taint.map(|mut t| {
            t.push(at);
            t
        });
        match target.kind().as_ref() {
            "identifier" | "attribute" => {
                let name = target.text().to_string();
                let known = constant(value, state);
                let seq = self.sequence(value, state);
                let entries = self.entries(value, state);
                let origins: Vec<String> = value
                    .dfs()
                    .filter(|n| n.kind() == "identifier")
                    .map(|n| n.text().to_string())
                    .filter(|n| *n != name)
                    .collect();
                // A list or dict literal is known element by element (or key by key).
                let itemised = seq.is_some() || entries.is_some();
                bind(state, &name, trace.filter(|_| !itemised), known);
                if let Some(seq) = seq {
                    state.seqs.insert(name.clone(), seq);
                }
                for (key, trace) in entries.unwrap_or_default() {
                    state.taint.insert(entry(&name, &key), trace);
                }
                state.origins.insert(name, origins);
            }
            "pattern_list" | "tuple_pattern" | "list_pattern" | "tuple" | "list" => {
                let values: Vec<PyNode<'r>> = match value.kind().as_ref() {
                    "tuple" | "list" | "expression_list" | "pattern_list" => named(value).collect(),
                    _ => Vec::new(),
                };
                let parts: Vec<PyNode<'r>> = named(target).collect();
                for (i, part) in parts.iter().enumerate() {
                    match values.get(i).filter(|_| values.len() == parts.len()) {
                        Some(v) => {
                            let taint = self.expression(v, state);
                            self.assign(part, v, taint, state);
                        }
                        None => self.assign(part, value, trace.clone(), state),
                    }
                }
            }
            "subscript" => {
                let (Some(container), Some(key)) =
                    (target.field("value"), target.field("subscript"))
                else {
                    return;
                };
                let base = container.text().to_string();
                let key = constant(&key, state);
                if let (Some(seq), Some(Const::Int(i))) = (state.seqs.get_mut(&base), &key)
                    && let Some(i) = index(*i, seq.len())
                {
                    seq[i] = trace;
                    return;
                }
                match key.map(|k| entry(&base, &k)) {
                    // A constant key: that entry alone.
                    Some(name) => match trace {
                        Some(trace) => {
                            state.taint.insert(name, trace);
                        }
                        None => {
                            state.taint.remove(&name);
                        }
                    },
                    // Any key: the whole container may now hold it.
                    None => {
                        if let Some(trace) = trace {
                            state.taint.insert(base, trace);
                        }
                    }
                }
            }
            _ => {}
        }
    }

    /// `del items[0]`, `del d["k"]`.
    fn delete(&self, target: &PyNode<'r>, state: &mut State) {
        let (Some(container), Some(key)) = (target.field("value"), target.field("subscript"))
        else {
            return;
        };
        let base = container.text().to_string();
        let key = constant(&key, state);
        match (state.seqs.get_mut(&base), key) {
            (Some(seq), Some(Const::Int(i))) => {
                if let Some(i) = index(i, seq.len()) {
                    seq.remove(i);
                }
            }
            (None, Some(key)) => {
                state.taint.remove(&entry(&base, &key));
            }
            _ => {}
        }
    }

    /// The elements of a list a value starts as.
    fn sequence(&self, value: &PyNode<'r>, state: &State) -> Option<Vec<Option<Trace>>> {
        if super::taken_whole(self.spec, value) {
            return None;
        }
        (value.kind() == "list").then(|| {
            named(value)
                .map(|element| self.expression(&element, state))
                .collect()
        })
    }

    /// The tainted entries of a dict literal whose keys are all constants.
    fn entries(&self, value: &PyNode<'r>, state: &State) -> Option<Vec<(Const, Trace)>> {
        if super::taken_whole(self.spec, value) {
            return None;
        }
        if value.kind() != "dictionary" {
            return None;
        }
        let mut tainted = Vec::new();
        for pair in named(value) {
            if pair.kind() != "pair" {
                return None;
            }
            let key = constant(&pair.field("key")?, state)?;
            if let Some(trace) = self.expression(&pair.field("value")?, state) {
                tainted.push((key, trace));
            }
        }
        Some(tainted)
    }

    /// What a call puts into its receiver (`items.append(x)`, `d.update(...)`,
    /// `c.set("s", "k", x)`) or takes out of it (`items.pop(0)`, `d.clear()`).
    fn effect(&self, call: &PyNode<'r>, state: &mut State) {
        super::propagate(self.spec, call, state, |n, s| self.expression(n, s));
        let Some(function) = call.field("function") else {
            return;
        };
        if function.kind() != "attribute" {
            return;
        }
        let (Some(object), Some(method)) = (function.field("object"), function.field("attribute"))
        else {
            return;
        };
        if !matches!(object.kind().as_ref(), "identifier" | "attribute") {
            return;
        }
        let base = object.text().to_string();
        let method = method.text().to_string();
        let args = arguments(call);
        let at = line(call);
        let taint_of = |arg: &PyNode<'r>, state: &State| {
            self.expression(arg, state).map(|mut t| {
                t.push(at);
                t
            })
        };
        let constant_at = |i: usize, state: &State| args.get(i).and_then(|a| constant(a, state));
        match (method.as_str(), args.len()) {
            ("append" | "appendleft", 1) => {
                let taint = taint_of(&args[0], state);
                match state.seqs.get_mut(&base) {
                    Some(seq) if method == "append" => seq.push(taint),
                    Some(seq) => seq.insert(0, taint),
                    None => taint_whole(state, &base, taint),
                }
            }
            ("insert", 2) => {
                let taint = taint_of(&args[1], state);
                let position = constant_at(0, state);
                match (state.seqs.get_mut(&base), position) {
                    (Some(seq), Some(Const::Int(i))) => {
                        // list.insert clamps the position into the list.
                        let len = i64::try_from(seq.len()).unwrap_or(i64::MAX);
                        let at = if i < 0 { (len + i).max(0) } else { i.min(len) };
                        seq.insert(usize::try_from(at).unwrap_or(0), taint);
                    }
                    _ => {
                        state.seqs.remove(&base);
                        taint_whole(state, &base, taint);
                    }
                }
            }
            ("pop" | "popleft", 0 | 1) => {
                let key = constant_at(0, state);
                match (state.seqs.get_mut(&base), key) {
                    (Some(seq), None) if args.is_empty() && !seq.is_empty() => {
                        if method == "pop" {
                            seq.pop();
                        } else {
                            seq.remove(0);
                        }
                    }
                    (Some(seq), Some(Const::Int(i))) => {
                        if let Some(i) = index(i, seq.len()) {
                            seq.remove(i);
                        }
                    }
                    (None, Some(key)) => {
                        state.taint.remove(&entry(&base, &key));
                    }
                    _ => {}
                }
            }
            ("clear", 0) => {
                let prefix = format!("{base}[");
                state
                    .taint
                    .retain(|k, _| k != &base && !k.starts_with(&prefix));
                if let Some(seq) = state.seqs.get_mut(&base) {
                    seq.clear();
                }
            }
            // configparser: set(section, option, value).
            ("set", 3) => {
                let taint = taint_of(&args[2], state);
                match (constant_at(0, state), constant_at(1, state)) {
                    (Some(Const::Str(section)), Some(Const::Str(option))) => {
                        let name = option_key(&base, &section, &option);
                        match taint {
                            Some(trace) => state.taint.insert(name, trace),
                            None => state.taint.remove(&name),
                        };
                    }
                    _ => taint_whole(state, &base, taint),
                }
            }
            ("setdefault", 2) => {
                let taint = taint_of(&args[1], state);
                match constant_at(0, state) {
                    Some(key) if !state.taint.contains_key(&entry(&base, &key)) => {
                        if let Some(trace) = taint {
                            state.taint.insert(entry(&base, &key), trace);
                        }
                    }
                    Some(_) => {}
                    None => taint_whole(state, &base, taint),
                }
            }
            ("extend" | "update" | "add" | "write" | "writelines", _) => {
                let taint = args.iter().find_map(|a| taint_of(a, state));
                if taint.is_some() {
                    state.seqs.remove(&base);
                }
                taint_whole(state, &base, taint);
            }
            _ => {}
        }
    }

    /// Every sink in `node` (not in nested functions) whose checked parts carry taint; and the
    /// sinks inside the file's functions that a call's tainted arguments reach.
    fn sinks(&self, node: &PyNode<'r>, state: &State) {
        for candidate in own_nodes(node, &["lambda", "function_definition", "class_definition"]) {
            if candidate.kind() == "call"
                && self
                    .summary(&candidate)
                    .is_some_and(|s| !s.to_sink.is_empty())
            {
                self.call(&candidate, state);
            }
            self.core.check_sink(
                self.spec,
                &candidate,
                || arguments(&candidate),
                |part| self.expression(part, state),
            );
        }
    }

    /// The taint an expression carries, if any: the trace of one of its tainted parts.
    fn expression(&self, node: &PyNode<'r>, state: &State) -> Option<Trace> {
        let _deeper = Deeper::enter()?;
        if !step() {
            return None;
        }
        if (self.spec.is_source)(node) {
            return Some(vec![line(node)]);
        }
        if (self.spec.is_sanitizer)(node) {
            return None;
        }
        match node.kind().as_ref() {
            "identifier" => read(&node.text(), state),
            "attribute" => read(&node.text(), state).or_else(|| {
                node.field("object")
                    .and_then(|o| self.expression(&o, state))
            }),
            "subscript" => {
                let container = node.field("value")?;
                let base = container.text().to_string();
                let key = node.field("subscript").and_then(|k| constant(&k, state));
                if let (Some(seq), Some(Const::Int(i))) = (state.seqs.get(&base), &key) {
                    return index(*i, seq.len()).and_then(|i| seq[i].clone());
                }
                let has_entries = has_entries(state, &base);
                match key.map(|k| entry(&base, &k)) {
                    // A constant key: that entry's taint, or the container's as a whole.
                    Some(name) => state
                        .taint
                        .get(&name)
                        .cloned()
                        .or_else(|| state.taint.get(&base).cloned())
                        .or_else(|| {
                            (!has_entries)
                                .then(|| self.expression(&container, state))
                                .flatten()
                        }),
                    None => self.expression(&container, state).or_else(|| {
                        node.field("subscript")
                            .and_then(|k| self.expression(&k, state))
                    }),
                }
            }
            "call" => self.call(node, state),
            "conditional_expression" => {
                let (then, condition, otherwise) = conditional(node)?;
                match constant(&condition, state) {
                    Some(Const::Bool(true)) => self.expression(&then, state),
                    Some(Const::Bool(false)) => self.expression(&otherwise, state),
                    _ => either(self.expression(&then, state), || {
                        self.expression(&otherwise, state)
                    }),
                }
            }
            "comparison_operator" | "not_operator" | "boolean_operator" => None,
            "lambda"
            | "function_definition"
            | "integer"
            | "float"
            | "true"
            | "false"
            | "none"
            | "comment" => None,
            "keyword_argument" => self.expression(&node.field("value")?, state),
            _ => named(node).find_map(|c| self.expression(&c, state)),
        }
    }

    fn call(&self, node: &PyNode<'r>, state: &State) -> Option<Trace> {
        let function = node.field("function")?;
        let args = arguments(node);
        if let Some(summary) = self.summary(node) {
            let names: Vec<String> = self
                .callee(node)
                .and_then(|name| self.core.functions.get(&name))
                .map(|f| parameters(f).iter().filter_map(parameter_name).collect())
                .unwrap_or_default();
            // Positional arguments by position (after `self`), keyword ones by name.
            let offset = usize::from(
                names.first().is_some_and(|n| n == "self" || n == "cls")
                    && function.kind() == "attribute",
            );
            let mut positional = 0;
            let mut tainted = Vec::new();
            for arg in &args {
                let index = if arg.kind() == "keyword_argument" {
                    let name = arg.field("name").map(|n| n.text().to_string());
                    names.iter().position(|n| Some(n) == name.as_ref())
                } else {
                    positional += 1;
                    Some(positional - 1 + offset)
                };
                if let Some(index) = index
                    && let Some(trace) = self.expression(arg, state)
                {
                    tainted.push((index, trace));
                }
            }
            return self.core.apply(&summary, tainted, node);
        }
        let name = match function.kind().as_ref() {
            "attribute" => function.field("attribute").map(|a| a.text().to_string()),
            "identifier" => Some(function.text().to_string()),
            _ => None,
        };
        let name = name.unwrap_or_default();
        if (function.kind() == "identifier" && MEASURING_BUILTINS.contains(&name.as_str()))
            || (function.kind() == "attribute" && MEASURES.contains(&name.as_str()))
        {
            return None;
        }
        // `d.get(CONST)`, `c.get("section", "option")`: that entry, as a subscript would.
        if function.kind() == "attribute"
            && let Some(object) = function.field("object")
            && matches!(object.kind().as_ref(), "identifier" | "attribute")
            && matches!(name.as_str(), "get" | "pop" | "getint" | "getboolean")
            && !(self.spec.is_source)(&object)
        {
            let base = object.text().to_string();
            let first = args.first().and_then(|a| constant(a, state));
            // `c.get("section", "option")` of a config parser given options of that section.
            let option = match (&first, args.get(1).and_then(|a| constant(a, state))) {
                (Some(Const::Str(section)), Some(Const::Str(option))) => {
                    let prefix = option_key(&base, section, "");
                    let prefix = prefix.trim_end_matches("\"]");
                    state
                        .taint
                        .keys()
                        .any(|k| k.starts_with(prefix))
                        .then(|| option_key(&base, section, &option))
                }
                _ => None,
            };
            if let Some(name) = option {
                return state.taint.get(&name).cloned();
            }
            let key = first;
            if let Some(key) = key
                && (has_entries(state, &base) || state.seqs.contains_key(&base))
            {
                if let (Some(seq), Const::Int(i)) = (state.seqs.get(&base), &key) {
                    return index(*i, seq.len()).and_then(|i| seq[i].clone());
                }
                let default = || args.get(1).and_then(|d| self.expression(d, state));
                return either(
                    either(state.taint.get(&entry(&base, &key)).cloned(), || {
                        state.taint.get(&base).cloned()
                    }),
                    default,
                );
            }
        }
        // Otherwise a call's result carries its receiver's and its arguments' taint.
        // (The function itself when it is `obj.method`: `request.get_data()` is a source's.)
        let receiver = (function.kind() != "identifier").then(|| function.clone());
        either(receiver.and_then(|r| self.expression(&r, state)), || {
            args.iter().find_map(|a| self.expression(a, state))
        })
    }
}

/// The entry of a config parser's option in a section.
fn option_key(base: &str, section: &str, option: &str) -> String {
    entry(base, &Const::Str(format!("{section}\u{1}{option}")))
}

/// A Python index (negative from the end) into a sequence of `len`, if it is inside.
fn index(i: i64, len: usize) -> Option<usize> {
    let len_i = i64::try_from(len).ok()?;
    let at = if i < 0 { len_i + i } else { i };
    usize::try_from(at).ok().filter(|&at| at < len)
}

/// The value of an expression made of constants (literals, constant names, arithmetic,
/// comparisons, `in`, `not`/`and`/`or`, the conditional expression, indexing a constant
/// string), if it is one.
fn constant(node: &PyNode<'_>, state: &State) -> Option<Const> {
    let _deeper = Deeper::enter()?;
    match node.kind().as_ref() {
        "integer" => node.text().replace('_', "").parse().ok().map(Const::Int),
        "true" => Some(Const::Bool(true)),
        "false" => Some(Const::Bool(false)),
        "string" => {
            // A plain literal only (no interpolation, no escapes to decode).
            if node
                .children()
                .any(|c| matches!(c.kind().as_ref(), "interpolation" | "escape_sequence"))
            {
                return None;
            }
            let content: String = node
                .children()
                .filter(|c| c.kind() == "string_content")
                .map(|c| c.text().to_string())
                .collect();
            Some(Const::Str(content))
        }
        "concatenated_string" => {
            let mut text = String::new();
            for part in named(node) {
                match constant(&part, state)? {
                    Const::Str(s) => text.push_str(&s),
                    _ => return None,
                }
            }
            Some(Const::Str(text))
        }
        "identifier" => state.consts.get(node.text().as_ref()).cloned(),
        "parenthesized_expression" => named(node).next().and_then(|c| constant(&c, state)),
        "conditional_expression" => {
            let (then, condition, otherwise) = conditional(node)?;
            match constant(&condition, state)? {
                Const::Bool(true) => constant(&then, state),
                Const::Bool(false) => constant(&otherwise, state),
                _ => None,
            }
        }
        "subscript" => {
            let Const::Str(text) = constant(&node.field("value")?, state)? else {
                return None;
            };
            let Const::Int(i) = constant(&node.field("subscript")?, state)? else {
                return None;
            };
            let chars: Vec<char> = text.chars().collect();
            index(i, chars.len()).map(|i| Const::Str(chars[i].to_string()))
        }
        "unary_operator" => {
            let operand = constant(&node.field("argument")?, state)?;
            match (node.field("operator")?.text().as_ref(), operand) {
                ("-", Const::Int(i)) => i.checked_neg().map(Const::Int),
                ("+", Const::Int(i)) => Some(Const::Int(i)),
                _ => None,
            }
        }
        "not_operator" => match constant(&node.field("argument")?, state)? {
            Const::Bool(b) => Some(Const::Bool(!b)),
            _ => None,
        },
        "boolean_operator" => {
            let (a, b) = (
                constant(&node.field("left")?, state)?,
                constant(&node.field("right")?, state)?,
            );
            match (node.field("operator")?.text().as_ref(), a, b) {
                ("and", Const::Bool(a), Const::Bool(b)) => Some(Const::Bool(a && b)),
                ("or", Const::Bool(a), Const::Bool(b)) => Some(Const::Bool(a || b)),
                _ => None,
            }
        }
        "binary_operator" => {
            let (a, b) = (
                constant(&node.field("left")?, state)?,
                constant(&node.field("right")?, state)?,
            );
            match (node.field("operator")?.text().as_ref(), a, b) {
                ("+", Const::Int(a), Const::Int(b)) => a.checked_add(b).map(Const::Int),
                ("-", Const::Int(a), Const::Int(b)) => a.checked_sub(b).map(Const::Int),
                ("*", Const::Int(a), Const::Int(b)) => a.checked_mul(b).map(Const::Int),
                ("//", Const::Int(a), Const::Int(b)) => a.checked_div_euclid(b).map(Const::Int),
                ("%", Const::Int(a), Const::Int(b)) => a.checked_rem_euclid(b).map(Const::Int),
                ("+", Const::Str(a), Const::Str(b)) => Some(Const::Str(a + &b)),
                _ => None,
            }
        }
        "comparison_operator" => {
            // `a < b`, `a in b` (chains are left undecided).
            let operands: Vec<PyNode<'_>> = named(node).collect();
            if operands.len() != 2 {
                return None;
            }
            let (a, b) = (
                constant(&operands[0], state)?,
                constant(&operands[1], state)?,
            );
            let op = node
                .children()
                .filter(|c| !c.is_named())
                .map(|c| c.text().to_string())
                .collect::<Vec<_>>()
                .join(" ");
            if let ("in" | "not in", Const::Str(needle), Const::Str(haystack)) =
                (op.as_str(), &a, &b)
            {
                return Some(Const::Bool(
                    haystack.contains(needle.as_str()) == (op == "in"),
                ));
            }
            let ordering = match (&a, &b) {
                (Const::Int(a), Const::Int(b)) => a.cmp(b),
                (Const::Str(a), Const::Str(b)) => a.cmp(b),
                (Const::Bool(a), Const::Bool(b)) => a.cmp(b),
                _ => return None,
            };
            use std::cmp::Ordering::*;
            Some(Const::Bool(match op.as_str() {
                "<" => ordering == Less,
                "<=" => ordering != Greater,
                ">" => ordering == Greater,
                ">=" => ordering != Less,
                "==" => ordering == Equal,
                "!=" => ordering != Equal,
                _ => return None,
            }))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::taint::SinkArgs;
    use ast_grep_core::tree_sitter::LanguageExt;
    use ast_grep_language::SupportLang;

    /// Flows of `code` with `request.*` as the source, `escape(...)` the sanitizer and the
    /// first argument of `eval(...)`/`cursor.execute(...)` the sinks: (source line, sink line).
    fn flows(code: &str) -> Vec<(u32, u32)> {
        let root = SupportLang::Python.ast_grep(code);
        let is_source = |n: &PyNode<'_>| {
            n.kind() == "attribute" && n.field("object").is_some_and(|o| o.text() == "request")
        };
        let is_sanitizer = |n: &PyNode<'_>| {
            n.kind() == "call" && n.field("function").is_some_and(|f| f.text() == "escape")
        };
        let sink_arguments = |n: &PyNode<'_>| {
            if n.kind() != "call" {
                return None;
            }
            let f = n.field("function")?;
            if f.text() != "eval" && f.text() != "cursor.execute" {
                return None;
            }
            let first = n.field("arguments")?.children().find(|c| c.is_named())?;
            Some(SinkArgs::Ranges(vec![first.range()]))
        };
        let is_guard = |n: &PyNode<'_>| {
            n.kind() == "call"
                && n.field("function")
                    .is_some_and(|f| f.text().ends_with(".startswith"))
        };
        let sinks_at = crate::taint::sinks_in(&root.root(), &sink_arguments);
        let spec = Spec {
            is_source: &is_source,
            is_sanitizer: &is_sanitizer,
            sink_arguments: &sink_arguments,
            is_guard: &is_guard,
            sinks_at: &sinks_at,
            propagates: &|_| None,
        };
        analyze(&root.root(), &spec)
            .0
            .into_iter()
            .map(|f| (f.source_line, f.sink_line))
            .collect()
    }

    #[test]
    fn taint_flows_through_assignments_strings_and_calls() {
        let code = "def view():\n    p = request.args.get('q')\n    q = 'SELECT ' + p\n    r = f'x {q}'\n    s = '%s' % r\n    t = s.strip()\n    cursor.execute(t)\n";
        assert_eq!(flows(code), [(2, 7)]);
    }

    #[test]
    fn reassignment_sanitizers_and_constants_kill_taint() {
        let code = "def view():\n    p = request.form['a']\n    p = 'fixed'\n    eval(p)\n    q = escape(request.form['b'])\n    eval(q)\n";
        assert!(flows(code).is_empty(), "{:?}", flows(code));
    }

    #[test]
    fn decidable_conditions_run_only_their_branch() {
        // 7 * 42 - 86 = 208: always above 200, so bar is always the constant.
        let always = "def view():\n    p = request.args['a']\n    num = 86\n    if (7 * 42) - num > 200:\n        bar = 'always'\n    else:\n        bar = p\n    eval(bar)\n";
        assert!(flows(always).is_empty(), "{:?}", flows(always));
        let never = always.replace("> 200", "< 200");
        assert_eq!(flows(&never), [(2, 8)]);
        let safe = "def view():\n    p = request.args['a']\n    if 7 * 42 - 86 > 200:\n        bar = 'constant'\n    else:\n        bar = p\n    bar = bar if False else 'x'\n    if 3 > 4:\n        eval(p)\n";
        assert!(flows(safe).is_empty(), "{:?}", flows(safe));
    }

    #[test]
    fn container_entries_are_told_apart_by_constant_keys() {
        let code = "def view():\n    p = request.args['a']\n    m = {}\n    m['keyA'] = 'safe'\n    m['keyB'] = p\n    bar = m['keyA']\n    eval(bar)\n    baz = m.get('keyB')\n    eval(baz)\n";
        assert_eq!(flows(code), [(2, 9)]);
        let lists = "def view():\n    p = request.args['a']\n    items = ['safe']\n    items.append(p)\n    eval(items[1])\n";
        assert_eq!(flows(lists), [(2, 5)]);
    }

    #[test]
    fn branches_merge_and_early_returns_end_a_path() {
        let code = "def view(x):\n    p = request.args['a']\n    if x:\n        bar = p\n    else:\n        bar = 'safe'\n    eval(bar)\n";
        assert_eq!(flows(code), [(2, 7)]);
        let guarded = "def view(x):\n    bar = request.args['a']\n    if x:\n        bar = 'safe'\n    else:\n        return 'no'\n    eval(bar)\n";
        assert!(flows(guarded).is_empty(), "{:?}", flows(guarded));
        let looped = "def view(xs):\n    acc = ''\n    for x in xs:\n        eval(acc)\n        acc += request.args['a']\n";
        assert_eq!(
            flows(looped),
            [(5, 4)],
            "the second iteration sees the first's taint"
        );
        let tried = "def view():\n    try:\n        bar = request.args['a']\n    except Exception:\n        bar = 'safe'\n    eval(bar)\n";
        assert_eq!(flows(tried), [(3, 6)]);
    }

    #[test]
    fn a_rules_propagators_put_a_value_into_another() {
        let code = "def view():\n    buf = Buffer()\n    copy_into(buf, request.args['a'])\n    eval(buf.getvalue())\n    other = Buffer()\n    copy_into(other, 'safe')\n    eval(other.getvalue())\n";
        let root = SupportLang::Python.ast_grep(code);
        let is_source = |n: &PyNode<'_>| {
            n.kind() == "attribute" && n.field("object").is_some_and(|o| o.text() == "request")
        };
        let sink_arguments = |n: &PyNode<'_>| {
            (n.kind() == "call" && n.field("function").is_some_and(|f| f.text() == "eval"))
                .then_some(SinkArgs::All)
        };
        // `copy_into(to, from)`
        let propagates = |n: &PyNode<'_>| {
            if n.kind() != "call" || n.field("function")?.text() != "copy_into" {
                return None;
            }
            let args: Vec<_> = arguments(n);
            Some((args.get(1)?.range(), args.first()?.range()))
        };
        let sinks_at = crate::taint::sinks_in(&root.root(), &sink_arguments);
        let spec = Spec {
            is_source: &is_source,
            is_sanitizer: &|_| false,
            sink_arguments: &sink_arguments,
            is_guard: &|_| false,
            sinks_at: &sinks_at,
            propagates: &propagates,
        };
        let found: Vec<(u32, u32)> = analyze(&root.root(), &spec)
            .0
            .into_iter()
            .map(|f| (f.source_line, f.sink_line))
            .collect();
        assert_eq!(found, [(3, 4)]);
    }

    #[test]
    fn match_cases_are_branches() {
        let code = "def view(g):\n    p = request.args['a']\n    match g:\n        case 'A':\n            bar = p\n        case _:\n            bar = 'safe'\n    eval(bar)\n";
        assert_eq!(flows(code), [(2, 8)]);
    }

    #[test]
    fn a_hostile_nesting_depth_is_analysed_to_a_limit_not_a_stack_overflow() {
        let deep = format!(
            "def view():\n    x = {}request.args['a']{}\n    eval(x)\n",
            "(".repeat(20_000),
            ")".repeat(20_000)
        );
        // On a 2 MiB stack, as a worker thread has.
        let found = std::thread::Builder::new()
            .stack_size(2 * 1024 * 1024)
            .spawn(move || flows(&deep))
            .unwrap()
            .join()
            .expect("no stack overflow");
        assert!(found.len() <= 1);
        let shallow = format!(
            "def view():\n    x = {}request.args['a']{}\n    eval(x)\n",
            "(".repeat(50),
            ")".repeat(50)
        );
        assert_eq!(flows(&shallow), [(2, 3)]);
    }

    #[test]
    fn nested_functions_are_analysed_on_their_own() {
        let code = "def init(app):\n    @app.route('/x')\n    def route():\n        bar = request.args['a']\n        return eval(bar)\n";
        assert_eq!(flows(code), [(4, 5)]);
    }
}
