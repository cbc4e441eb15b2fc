//! Data flow inside a JavaScript or TypeScript function (see the module above for what a flow
//! is), with a summary of each named function of the same file (declarations, methods, and
//! functions assigned to a `const`), so that `helper(req.query.q)` is followed.
//!
//! JavaScript specifics: `const`/`let`/`var` declarations with destructuring
//! (`const { id } = req.query`), `=` and `+=`, template literals, `if`/`else`, `switch`
//! (fall-through up to `break`), the conditional operator, `||`/`&&`/`??` (which give one of
//! their operands), loops, `try`/`catch`/`finally`, arrays whose elements are known (`['a', b]`,
//! `push`, `unshift`, `pop`, `shift`, `a[1]`), objects and `Map`s by constant key (`{ k: v }`,
//! `o.k = v`, `o['k']`, `m.set('k', v)`, `m.get('k')`), TypeScript's `as` and `!`, and a rule's
//! validation guards (`if (!/^\w+$/.test(x)) return;`).

use std::collections::HashMap;
use std::rc::Rc;

use super::{
    AstNode as JsNode, Const, Core, Deeper, Division, Flow, Spec, State, Summary, TooBig, Trace,
    bind, entry, fold, has_entries, if_else, leading_to_sinks, line, own_nodes, read, step,
    taint_whole,
};

/// Methods whose result says something about a value but does not carry it.
const MEASURES: &[&str] = &[
    "includes",
    "startsWith",
    "endsWith",
    "indexOf",
    "lastIndexOf",
    "test",
    "has",
    "localeCompare",
    "hasOwnProperty",
    "isArray",
    "isInteger",
    "isNaN",
    "isFinite",
];

/// Function-like nodes: each is analysed on its own.
const FUNCTIONS: &[&str] = &[
    "function_declaration",
    "function_expression",
    "function",
    "arrow_function",
    "method_definition",
    "generator_function_declaration",
    "generator_function",
];

/// What a function body does not include: nested functions and classes.
const NESTED: &[&str] = &[
    "function_declaration",
    "function_expression",
    "function",
    "arrow_function",
    "method_definition",
    "generator_function_declaration",
    "generator_function",
    "class_declaration",
    "class",
];

struct Ctx<'r, 's> {
    spec: &'s Spec<'s>,
    core: Core<'r>,
    /// What the program's own statements leave in its names (`const SECRET = "..."` at the
    /// top of the file): where every function starts.
    globals: std::cell::RefCell<State>,
}

/// The name a function is known by in its file: its own, its method's, or the `const` it is
/// assigned to.
fn function_name(function: &JsNode<'_>) -> Option<String> {
    if let Some(name) = function.field("name") {
        return Some(name.text().to_string());
    }
    let parent = function.parent()?;
    match parent.kind().as_ref() {
        "variable_declarator" => parent
            .field("name")
            .filter(|n| n.kind() == "identifier")
            .map(|n| n.text().to_string()),
        "pair" => parent.field("key").map(|k| k.text().to_string()),
        _ => None,
    }
}

/// Analyse every function (and the program's own statements) of a JavaScript or TypeScript
/// tree.
pub fn analyze(root: &JsNode<'_>, spec: &Spec<'_>) -> (Vec<Flow>, Vec<TooBig>) {
    let mut functions = HashMap::new();
    let mut bodies = vec![(String::new(), root.clone())];
    for node in root.dfs() {
        if FUNCTIONS.contains(&node.kind().as_ref()) {
            let name = function_name(&node).unwrap_or_default();
            if !name.is_empty() {
                functions
                    .entry(name.clone())
                    .or_insert_with(|| node.clone());
            }
            bodies.push((name, node));
        }
    }
    let ctx = Ctx {
        spec,
        core: Core::new(functions),
        globals: std::cell::RefCell::new(State::default()),
    };
    // Only what has a sink, or calls into this file's functions that lead to one.
    let wanted = leading_to_sinks(&bodies, spec.sinks_at, "call_expression", |call| {
        let function = call.field("function")?;
        match function.kind().as_ref() {
            "identifier" => Some(function.text().to_string()),
            "member_expression" => Some(function.field("property")?.text().to_string()),
            _ => None,
        }
    });
    // The program runs first whenever a function is analysed: its names are the functions'
    // globals.
    let any_wanted = wanted.iter().any(|w| *w);
    for (i, ((_, function), wanted)) in bodies.iter().zip(wanted).enumerate() {
        if function.kind() == "program" && i == 0 && any_wanted {
            let mut globals = ctx.run(function, State::default());
            globals.ended = false;
            *ctx.globals.borrow_mut() = globals;
            continue;
        }
        if !wanted {
            continue;
        }
        let mut state = State::default();
        for parameter in parameters(function) {
            if (spec.is_source)(&parameter) {
                for name in bound_names(&parameter) {
                    state.taint.insert(name, vec![line(&parameter)]);
                }
            }
        }
        ctx.run(function, state);
    }
    ctx.core.finish()
}

fn named<'r>(node: &JsNode<'r>) -> impl Iterator<Item = JsNode<'r>> {
    node.children()
        .filter(|c| c.is_named() && c.kind() != "comment")
}

fn parameters<'r>(function: &JsNode<'r>) -> Vec<JsNode<'r>> {
    if let Some(single) = function.field("parameter") {
        return vec![single];
    }
    function
        .field("parameters")
        .map(|p| named(&p).collect())
        .unwrap_or_default()
}

/// The names a parameter or a pattern binds (`x`, `x = 1`, `x: T`, `{ a, b: c }`, `[a, b]`,
/// `...rest`).
fn bound_names(pattern: &JsNode<'_>) -> Vec<String> {
    match pattern.kind().as_ref() {
        "identifier" | "shorthand_property_identifier_pattern" => vec![pattern.text().to_string()],
        "required_parameter" | "optional_parameter" | "assignment_pattern" => pattern
            .field("pattern")
            .or_else(|| pattern.field("left"))
            .or_else(|| named(pattern).next())
            .map(|p| bound_names(&p))
            .unwrap_or_default(),
        "pair_pattern" => pattern
            .field("value")
            .map(|v| bound_names(&v))
            .unwrap_or_default(),
        "object_pattern" | "array_pattern" | "rest_pattern" => {
            named(pattern).flat_map(|p| bound_names(&p)).collect()
        }
        _ => Vec::new(),
    }
}

fn arguments<'r>(call: &JsNode<'r>) -> Vec<JsNode<'r>> {
    call.field("arguments")
        .map(|a| named(&a).collect())
        .unwrap_or_default()
}

fn either(a: Option<Trace>, b: impl FnOnce() -> Option<Trace>) -> Option<Trace> {
    a.or_else(b)
}

impl<'r> Ctx<'r, '_> {
    /// Analyse a function (or the program) from `state`; what its names hold at the end.
    fn run(&self, function: &JsNode<'r>, mut state: State) -> State {
        let name = function_name(function).unwrap_or_else(|| "<anonymous>".to_string());
        if function.kind() != "program" {
            let own: Vec<String> = parameters(function).iter().flat_map(bound_names).collect();
            super::inherit(&mut state, &self.globals.borrow(), &own);
        }
        self.core.with_budget(&name, line(function), || {
            if function.kind() == "program" {
                self.block(function, &mut state);
            } else if let Some(body) = function.field("body") {
                if body.kind() == "statement_block" {
                    self.block(&body, &mut state);
                } else {
                    // `x => expr`: the expression is what it returns.
                    self.sinks(&body, &state);
                    if let Some(trace) = self.expression(&body, &state) {
                        self.core.returned(trace, line(&body));
                    }
                }
            }
        });
        state
    }

    /// The summary of the file's function a call reaches: `f(...)` or `this.f(...)`.
    fn summary(&self, call: &JsNode<'r>) -> Option<Rc<Summary>> {
        let function = call.field("function")?;
        let name = match function.kind().as_ref() {
            "identifier" => function.text().to_string(),
            "member_expression" if function.field("object").is_some_and(|o| o.kind() == "this") => {
                function.field("property")?.text().to_string()
            }
            _ => return None,
        };
        self.core.summary(&name, |definition| {
            let positions: Vec<Vec<String>> =
                parameters(definition).iter().map(bound_names).collect();
            self.core.summarise(&positions, line(definition), |state| {
                self.run(definition, state);
            })
        })
    }

    fn block(&self, node: &JsNode<'r>, state: &mut State) {
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

    fn statement(&self, node: &JsNode<'r>, state: &mut State) {
        let Some(_deeper) = Deeper::enter() else {
            return;
        };
        if !step() {
            return;
        }
        let kind = node.kind();
        if NESTED.contains(&kind.as_ref()) {
            return;
        }
        match kind.as_ref() {
            "statement_block" => self.block(node, state),
            "lexical_declaration" | "variable_declaration" => {
                for declarator in named(node).filter(|d| d.kind() == "variable_declarator") {
                    self.declarator(&declarator, state);
                }
            }
            "expression_statement" => {
                for child in named(node) {
                    self.evaluate(&child, state);
                }
            }
            "if_statement" => self.if_statement(node, state),
            "switch_statement" => self.switch(node, state),
            "for_statement" | "for_in_statement" | "while_statement" | "do_statement" => {
                self.looped(node, state)
            }
            "try_statement" => {
                let before = state.clone();
                if let Some(body) = node.field("body") {
                    self.statement(&body, state);
                }
                if let Some(handler) = node.field("handler").and_then(|h| h.field("body")) {
                    let mut caught = before.merge(state.clone());
                    caught.ended = false;
                    self.statement(&handler, &mut caught);
                    *state = std::mem::take(state).merge(caught);
                }
                if let Some(finalizer) = node.field("finalizer").and_then(|f| f.field("body")) {
                    self.statement(&finalizer, state);
                }
            }
            "return_statement" => {
                if let Some(value) = named(node).next() {
                    self.sinks(&value, state);
                    if let Some(trace) = self.expression(&value, state) {
                        self.core.returned(trace, line(node));
                    }
                }
                state.ended = true;
            }
            "throw_statement" => {
                self.sinks(node, state);
                state.ended = true;
            }
            "labeled_statement" => {
                if let Some(body) = node.field("body") {
                    self.statement(&body, state);
                }
            }
            "export_statement" => {
                for child in named(node) {
                    self.statement(&child, state);
                }
            }
            _ => self.sinks(node, state),
        }
    }

    /// An expression as a statement: its sinks, then what it assigns and what its calls put
    /// into their receivers.
    fn evaluate(&self, node: &JsNode<'r>, state: &mut State) {
        self.sinks(node, state);
        let inner = match node.kind().as_ref() {
            "await_expression" | "parenthesized_expression" => named(node).next(),
            _ => None,
        };
        let node = inner.as_ref().unwrap_or(node);
        match node.kind().as_ref() {
            "assignment_expression" => self.assignment(node, state),
            "augmented_assignment_expression" => {
                if let (Some(left), Some(right)) = (node.field("left"), node.field("right")) {
                    let taint = either(self.expression(&right, state), || {
                        self.expression(&left, state)
                    });
                    self.assign(&left, None, taint, state);
                }
            }
            "call_expression" => self.effect(node, state),
            "sequence_expression" => {
                for part in named(node) {
                    self.evaluate(&part, state);
                }
            }
            _ => {}
        }
    }

    fn declarator(&self, declarator: &JsNode<'r>, state: &mut State) {
        let Some(name) = declarator.field("name") else {
            return;
        };
        let Some(value) = declarator.field("value") else {
            // `let bar;` declares, and forgets what a name of the same spelling held.
            for n in bound_names(&name) {
                bind(state, &n, None, None);
            }
            return;
        };
        self.sinks(declarator, state);
        self.effect_of_value(&value, state);
        let taint = self.expression(&value, state);
        self.assign(&name, Some(&value), taint, state);
    }

    fn assignment(&self, node: &JsNode<'r>, state: &mut State) {
        let (Some(left), Some(right)) = (node.field("left"), node.field("right")) else {
            return;
        };
        if right.kind() == "assignment_expression" {
            self.assignment(&right, state);
        } else {
            self.effect_of_value(&right, state);
        }
        let taint = self.expression(&right, state);
        self.assign(&left, Some(&right), taint, state);
    }

    /// `const x = items.pop()`: the value is read, then the array changes.
    fn effect_of_value(&self, value: &JsNode<'r>, state: &mut State) {
        let value = match value.kind().as_ref() {
            "await_expression" => named(value).next(),
            _ => Some(value.clone()),
        };
        if let Some(value) = value.filter(|v| v.kind() == "call_expression") {
            self.effect(&value, state);
        }
    }

    /// Bind a target (a name, a destructuring pattern, `o.k`, `o['k']`, `a[0]`) to a value.
    fn assign(
        &self,
        target: &JsNode<'r>,
        value: Option<&JsNode<'r>>,
        taint: Option<Trace>,
        state: &mut State,
    ) {
        let at = line(target);
        let trace = taint.map(|mut t| {
            t.push(at);
            t
        });
        match target.kind().as_ref() {
            "identifier" => {
                let name = target.text().to_string();
                let known = value.and_then(|v| constant(v, state));
                let seq = value.and_then(|v| self.sequence(v, state));
                let entries = value.and_then(|v| self.entries(v, state));
                let itemised = seq.is_some() || entries.is_some();
                let origins: Vec<String> = value
                    .map(|v| {
                        v.dfs()
                            .filter(|n| n.kind() == "identifier")
                            .map(|n| n.text().to_string())
                            .filter(|n| *n != name)
                            .collect()
                    })
                    .unwrap_or_default();
                bind(state, &name, trace.filter(|_| !itemised), known);
                if let Some(seq) = seq {
                    state.seqs.insert(name.clone(), seq);
                }
                for (key, trace) in entries.unwrap_or_default() {
                    state.taint.insert(entry(&name, &key), trace);
                }
                state.origins.insert(name, origins);
            }
            "object_pattern" => {
                // `const { a, b: c } = value`: each takes its entry when the value's are known.
                let base = value
                    .filter(|v| matches!(v.kind().as_ref(), "identifier" | "member_expression"))
                    .map(|v| v.text().to_string());
                for part in named(target) {
                    let key = match part.kind().as_ref() {
                        "shorthand_property_identifier_pattern" => Some(part.text().to_string()),
                        "pair_pattern" => part.field("key").map(|k| k.text().to_string()),
                        _ => None,
                    };
                    let own = match (&base, key) {
                        (Some(base), Some(key)) => {
                            let name = entry(base, &Const::Str(key));
                            if has_entries(state, base) {
                                state.taint.get(&name).cloned()
                            } else {
                                trace.clone()
                            }
                        }
                        _ => trace.clone(),
                    };
                    let target = match part.kind().as_ref() {
                        "pair_pattern" => part.field("value"),
                        _ => Some(part.clone()),
                    };
                    for name in target.iter().flat_map(bound_names) {
                        bind(state, &name, own.clone(), None);
                    }
                }
            }
            "array_pattern" => {
                let elements: Option<Vec<Option<Trace>>> = value
                    .filter(|v| v.kind() == "identifier")
                    .and_then(|v| state.seqs.get(v.text().as_ref()).cloned());
                for (i, part) in named(target).enumerate() {
                    let own = match &elements {
                        Some(seq) => seq.get(i).cloned().flatten(),
                        None => trace.clone(),
                    };
                    for name in bound_names(&part) {
                        bind(state, &name, own.clone(), None);
                    }
                }
            }
            "member_expression" | "subscript_expression" => {
                let (object, key) = match target.kind().as_ref() {
                    "member_expression" => (
                        target.field("object"),
                        target
                            .field("property")
                            .map(|p| Const::Str(p.text().to_string())),
                    ),
                    _ => (
                        target.field("object"),
                        target.field("index").and_then(|i| constant(&i, state)),
                    ),
                };
                let Some(object) = object else { return };
                let base = object.text().to_string();
                if let (Some(seq), Some(Const::Int(i))) = (state.seqs.get_mut(&base), &key)
                    && let Ok(i) = usize::try_from(*i)
                    && i < seq.len()
                {
                    seq[i] = trace;
                    return;
                }
                match key.map(|k| entry(&base, &k)) {
                    Some(name) => match trace {
                        Some(trace) => {
                            state.taint.insert(name, trace);
                        }
                        None => {
                            state.taint.remove(&name);
                        }
                    },
                    None => {
                        if let Some(trace) = trace {
                            state.taint.insert(base, trace);
                        }
                    }
                }
            }
            "parenthesized_expression" => {
                if let Some(inner) = named(target).next() {
                    self.assign(&inner, value, trace, state);
                }
            }
            _ => {}
        }
    }

    fn sequence(&self, value: &JsNode<'r>, state: &State) -> Option<Vec<Option<Trace>>> {
        if super::taken_whole(self.spec, value) {
            return None;
        }
        (value.kind() == "array" && named(value).all(|e| e.kind() != "spread_element")).then(|| {
            named(value)
                .map(|element| self.expression(&element, state))
                .collect()
        })
    }

    /// The tainted entries of an object literal whose keys are all plain names or constants.
    fn entries(&self, value: &JsNode<'r>, state: &State) -> Option<Vec<(Const, Trace)>> {
        if super::taken_whole(self.spec, value) {
            return None;
        }
        if value.kind() != "object" {
            return None;
        }
        let mut tainted = Vec::new();
        for part in named(value) {
            let (key, value) = match part.kind().as_ref() {
                "pair" => {
                    let key = part.field("key")?;
                    let key = match key.kind().as_ref() {
                        "property_identifier" => Const::Str(key.text().to_string()),
                        _ => constant(&key, state)?,
                    };
                    (key, part.field("value")?)
                }
                "shorthand_property_identifier" => (Const::Str(part.text().to_string()), part),
                _ => return None,
            };
            let trace = if value.kind() == "shorthand_property_identifier" {
                read(&value.text(), state)
            } else {
                self.expression(&value, state)
            };
            if let Some(trace) = trace {
                tainted.push((key, trace));
            }
        }
        Some(tainted)
    }

    /// What a call puts into its receiver (`a.push(x)`, `m.set('k', x)`, `sb.concat`) or takes
    /// out of it (`a.pop()`, `a.shift()`, `m.delete('k')`).
    fn effect(&self, call: &JsNode<'r>, state: &mut State) {
        super::propagate(self.spec, call, state, |n, s| self.expression(n, s));
        let Some(function) = call.field("function") else {
            return;
        };
        if function.kind() != "member_expression" {
            return;
        }
        let (Some(object), Some(method)) = (function.field("object"), function.field("property"))
        else {
            return;
        };
        if !matches!(object.kind().as_ref(), "identifier" | "member_expression") {
            return;
        }
        let base = object.text().to_string();
        let method = method.text().to_string();
        let args = arguments(call);
        let at = line(call);
        let taint_of = |arg: &JsNode<'r>, state: &State| {
            self.expression(arg, state).map(|mut t| {
                t.push(at);
                t
            })
        };
        match (method.as_str(), args.len()) {
            ("push" | "unshift", n) if n > 0 => {
                let taints: Vec<Option<Trace>> = args.iter().map(|a| taint_of(a, state)).collect();
                match state.seqs.get_mut(&base) {
                    Some(seq) if method == "push" => seq.extend(taints),
                    Some(seq) => {
                        for (i, t) in taints.into_iter().enumerate() {
                            seq.insert(i, t);
                        }
                    }
                    None => taint_whole(state, &base, taints.into_iter().flatten().next()),
                }
            }
            ("pop" | "shift", 0) => {
                if let Some(seq) = state.seqs.get_mut(&base)
                    && !seq.is_empty()
                {
                    if method == "pop" {
                        seq.pop();
                    } else {
                        seq.remove(0);
                    }
                }
            }
            ("set", 2) => {
                let taint = taint_of(&args[1], state);
                match constant(&args[0], state) {
                    Some(key) => {
                        let name = entry(&base, &key);
                        match taint {
                            Some(trace) => state.taint.insert(name, trace),
                            None => state.taint.remove(&name),
                        };
                    }
                    None => taint_whole(state, &base, taint),
                }
            }
            ("delete", 1) => {
                if let Some(key) = constant(&args[0], state) {
                    state.taint.remove(&entry(&base, &key));
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
            ("splice" | "concat" | "append" | "write" | "add" | "assign", _) => {
                let taint = args.iter().find_map(|a| taint_of(a, state));
                state.seqs.remove(&base);
                taint_whole(state, &base, taint);
            }
            _ => {}
        }
    }

    fn if_statement(&self, node: &JsNode<'r>, state: &mut State) {
        let condition = node.field("condition");
        if let Some(condition) = &condition {
            self.evaluate(condition, state);
        }
        let consequence = node.field("consequence");
        let alternative = node.field("alternative").and_then(|a| named(&a).next());
        let decided = condition.as_ref().and_then(|c| constant(c, state));
        if_else(
            self.spec,
            state,
            condition.as_ref(),
            decided,
            (consequence, alternative),
            |body, state| self.statement(body, state),
        );
    }

    fn switch(&self, node: &JsNode<'r>, state: &mut State) {
        let subject = node.field("value");
        if let Some(subject) = &subject {
            self.evaluate(subject, state);
        }
        let value = subject.as_ref().and_then(|s| constant(s, state));
        let cases: Vec<JsNode<'r>> = node
            .field("body")
            .map(|b| named(&b).collect())
            .unwrap_or_default();
        let label = |case: &JsNode<'r>| case.field("value");
        let default = cases.iter().position(|c| c.kind() == "switch_default");
        let starts: Vec<usize> = match &value {
            Some(value) => cases
                .iter()
                .position(|c| label(c).and_then(|l| constant(&l, state)).as_ref() == Some(value))
                .or(default)
                .into_iter()
                .collect(),
            None => (0..cases.len()).collect(),
        };
        let mut merged: Option<State> = None;
        for start in starts {
            let mut arm = state.clone();
            'cases: for case in &cases[start..] {
                let label = label(case).map(|l| l.range());
                for part in named(case).filter(|p| Some(p.range()) != label) {
                    if part.kind() == "break_statement" {
                        break 'cases;
                    }
                    self.statement(&part, &mut arm);
                    if arm.ended {
                        break 'cases;
                    }
                }
            }
            merged = Some(match merged {
                Some(m) => m.merge(arm),
                None => arm,
            });
        }
        let skipped = value.is_none() && default.is_none();
        match merged {
            Some(m) if skipped => *state = m.merge(std::mem::take(state)),
            Some(m) => *state = m,
            None => {}
        }
    }

    fn looped(&self, node: &JsNode<'r>, state: &mut State) {
        if let Some(init) = node.field("initializer") {
            self.statement(&init, state);
        }
        if node.kind() == "for_in_statement"
            && let (Some(left), Some(right)) = (node.field("left"), node.field("right"))
        {
            self.sinks(&right, state);
            let taint = self.expression(&right, state);
            for name in bound_names(&left) {
                bind(state, &name, taint.clone(), None);
            }
        }
        let condition = node.field("condition");
        if let Some(condition) = &condition {
            self.evaluate(condition, state);
        }
        if node.kind() != "do_statement"
            && matches!(
                condition.as_ref().and_then(|c| constant(c, state)),
                Some(Const::Bool(false))
            )
        {
            return;
        }
        let Some(body) = node.field("body") else {
            return;
        };
        let before = state.clone();
        let mut looped = state.clone();
        for _ in 0..2 {
            looped.ended = false;
            self.statement(&body, &mut looped);
            if let Some(increment) = node.field("increment") {
                self.evaluate(&increment, &mut looped);
            }
        }
        looped.ended = false;
        *state = if node.kind() == "do_statement" {
            looped
        } else {
            before.merge(looped)
        };
    }

    /// Every sink in `node` (not in nested functions) whose checked parts carry taint; and the
    /// sinks inside the file's functions that a call's tainted arguments reach.
    fn sinks(&self, node: &JsNode<'r>, state: &State) {
        for candidate in own_nodes(node, NESTED) {
            if candidate.kind() == "call_expression"
                && self
                    .summary(&candidate)
                    .is_some_and(|s| !s.to_sink.is_empty())
            {
                self.call(&candidate, state);
            }
            self.core.check_sink(
                self.spec,
                &candidate,
                || {
                    let mut all = arguments(&candidate);
                    match candidate.kind().as_ref() {
                        "assignment_expression" => all.extend(candidate.field("right")),
                        "variable_declarator" => all.extend(candidate.field("value")),
                        _ => {}
                    }
                    all
                },
                |part| self.expression(part, state),
            );
        }
    }

    /// The taint of `base[key]`: that entry or element when they are known, else the whole.
    fn entry_of(&self, container: &JsNode<'r>, key: Option<Const>, state: &State) -> Option<Trace> {
        let base = container.text().to_string();
        if let (Some(seq), Some(Const::Int(i))) = (state.seqs.get(&base), &key) {
            return usize::try_from(*i)
                .ok()
                .and_then(|i| seq.get(i).cloned().flatten());
        }
        match key.map(|k| entry(&base, &k)) {
            Some(name) if has_entries(state, &base) => state
                .taint
                .get(&name)
                .cloned()
                .or_else(|| state.taint.get(&base).cloned()),
            _ => self.expression(container, state),
        }
    }

    fn expression(&self, node: &JsNode<'r>, state: &State) -> Option<Trace> {
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
            "identifier" | "shorthand_property_identifier" => read(&node.text(), state),
            "member_expression" => read(&node.text(), state).or_else(|| {
                let object = node.field("object")?;
                if object.kind() == "this" {
                    return None;
                }
                let key = node
                    .field("property")
                    .map(|p| Const::Str(p.text().to_string()));
                self.entry_of(&object, key, state)
            }),
            "subscript_expression" => {
                let object = node.field("object")?;
                let key = node.field("index").and_then(|i| constant(&i, state));
                self.entry_of(&object, key, state)
            }
            "call_expression" => self.call(node, state),
            "new_expression" => arguments(node)
                .iter()
                .find_map(|a| self.expression(a, state)),
            "binary_expression" => {
                let operator = node.field("operator").map(|o| o.text().to_string());
                if !matches!(operator.as_deref(), Some("+" | "||" | "&&" | "??") | None) {
                    return None;
                }
                let (left, right) = (node.field("left")?, node.field("right")?);
                either(self.expression(&left, state), || {
                    self.expression(&right, state)
                })
            }
            "ternary_expression" => {
                let condition = node.field("condition")?;
                let (then, otherwise) = (node.field("consequence")?, node.field("alternative")?);
                match constant(&condition, state) {
                    Some(Const::Bool(true)) => self.expression(&then, state),
                    Some(Const::Bool(false)) => self.expression(&otherwise, state),
                    _ => either(self.expression(&then, state), || {
                        self.expression(&otherwise, state)
                    }),
                }
            }
            "assignment_expression" => self.expression(&node.field("right")?, state),
            "unary_expression" | "update_expression" => None,
            "arrow_function"
            | "function_expression"
            | "function"
            | "class"
            | "string"
            | "number"
            | "true"
            | "false"
            | "null"
            | "undefined"
            | "regex"
            | "this"
            | "comment" => None,
            _ => named(node).find_map(|c| self.expression(&c, state)),
        }
    }

    fn call(&self, node: &JsNode<'r>, state: &State) -> Option<Trace> {
        let function = node.field("function")?;
        let args = arguments(node);
        if let Some(summary) = self.summary(node) {
            let tainted = args
                .iter()
                .enumerate()
                .filter_map(|(i, a)| Some((i, self.expression(a, state)?)));
            return self.core.apply(&summary, tainted, node);
        }
        if function.kind() == "member_expression" {
            let method = function
                .field("property")
                .map(|p| p.text().to_string())
                .unwrap_or_default();
            if MEASURES.contains(&method.as_str()) {
                return None;
            }
            // `m.get('k')` of a map with known entries.
            if method == "get"
                && let Some(object) = function.field("object")
                && matches!(object.kind().as_ref(), "identifier" | "member_expression")
                && !(self.spec.is_source)(&function)
                && let Some(key) = args.first().and_then(|a| constant(a, state))
            {
                let base = object.text().to_string();
                let prefix = format!("{base}[");
                if state.taint.keys().any(|k| k.starts_with(&prefix)) {
                    return state
                        .taint
                        .get(&entry(&base, &key))
                        .cloned()
                        .or_else(|| state.taint.get(&base).cloned());
                }
            }
        }
        // Otherwise a call's result carries its receiver's and its arguments' taint.
        let receiver = (function.kind() != "identifier").then(|| function.clone());
        either(receiver.and_then(|r| self.expression(&r, state)), || {
            args.iter().find_map(|a| self.expression(a, state))
        })
    }
}

/// The value of an expression made of constants, if it is one.
fn constant(node: &JsNode<'_>, state: &State) -> Option<Const> {
    let _deeper = Deeper::enter()?;
    match node.kind().as_ref() {
        "number" => node.text().replace('_', "").parse().ok().map(Const::Int),
        "true" => Some(Const::Bool(true)),
        "false" => Some(Const::Bool(false)),
        // A string or a template without substitutions: its fragments, unless escaped.
        "string" | "template_string" => {
            if node.children().any(|c| {
                matches!(
                    c.kind().as_ref(),
                    "template_substitution" | "escape_sequence"
                )
            }) {
                return None;
            }
            let text: String = node
                .children()
                .filter(|c| c.kind() == "string_fragment")
                .map(|c| c.text().to_string())
                .collect();
            Some(Const::Str(text))
        }
        "identifier" => state.consts.get(node.text().as_ref()).cloned(),
        "parenthesized_expression" => named(node).next().and_then(|c| constant(&c, state)),
        "unary_expression" => {
            let operand = constant(&node.field("argument")?, state)?;
            match (node.field("operator")?.text().as_ref(), operand) {
                ("-", Const::Int(i)) => i.checked_neg().map(Const::Int),
                ("!", Const::Bool(b)) => Some(Const::Bool(!b)),
                _ => None,
            }
        }
        "ternary_expression" => match constant(&node.field("condition")?, state)? {
            Const::Bool(true) => constant(&node.field("consequence")?, state),
            Const::Bool(false) => constant(&node.field("alternative")?, state),
            _ => None,
        },
        "binary_expression" => {
            let operator = node.field("operator")?.text().to_string();
            let a = constant(&node.field("left")?, state)?;
            let b = constant(&node.field("right")?, state)?;
            fold(&operator, a, b, Division::ExactOnly)
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

    /// Flows of `code` with `req.query`/`req.body` as sources, `escape(...)` the sanitizer, a
    /// failed `test` an early-return guard, and the first argument of `db.query(...)` /
    /// `res.send(...)` the sinks: (source line, sink line).
    fn flows(code: &str) -> Vec<(u32, u32)> {
        let root = SupportLang::TypeScript.ast_grep(code);
        let is_source = |n: &JsNode<'_>| {
            n.kind() == "member_expression" && matches!(n.text().as_ref(), "req.query" | "req.body")
        };
        let is_sanitizer = |n: &JsNode<'_>| {
            n.kind() == "call_expression"
                && n.field("function").is_some_and(|f| f.text() == "escape")
        };
        let is_guard = |n: &JsNode<'_>| {
            n.kind() == "call_expression"
                && n.field("function")
                    .is_some_and(|f| f.text().ends_with(".test"))
        };
        let sink_arguments = |n: &JsNode<'_>| {
            if n.kind() != "call_expression" {
                return None;
            }
            let f = n.field("function")?;
            if f.text() != "db.query" && f.text() != "res.send" {
                return None;
            }
            let first = arguments(n).into_iter().next()?;
            Some(SinkArgs::Ranges(vec![first.range()]))
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
    fn taint_flows_through_destructuring_templates_and_calls() {
        let code = "app.get('/u', async (req, res) => {\n  const { id } = req.query;\n  const sql = `SELECT * FROM t WHERE id = ${id}`;\n  const rows = await db.query(sql.trim());\n  res.send(rows);\n});\n";
        assert_eq!(
            flows(code),
            [(2, 4), (2, 5)],
            "a call's result carries its arguments'"
        );
    }

    #[test]
    fn killed_taint_is_not_reported() {
        let code = "function h(req, res) {\n  let name = req.query.name;\n  name = 'fixed';\n  db.query('x' + name);\n  const safe = escape(req.query.q);\n  res.send(safe);\n  const n = req.body.n;\n  const bar = 7 * 42 - 86 > 200 ? 'always' : n;\n  res.send(bar);\n  const list = ['safe', n];\n  list.pop();\n  res.send(list[0]);\n  const o = { a: 'x', b: n };\n  res.send(o.a);\n  if (!/^\\w+$/.test(n)) return;\n  res.send(n);\n}\n";
        assert!(flows(code).is_empty(), "{:?}", flows(code));
    }

    #[test]
    fn branches_switches_and_helpers() {
        let code = "function h(req, res) {\n  const p = req.query.p;\n  let bar = 'safe';\n  switch ('B') {\n    case 'A': bar = p; break;\n    case 'B': bar = 'bob'; break;\n    default: bar = p;\n  }\n  res.send(bar);\n  res.send(wrap(p));\n  run(p);\n}\nfunction wrap(x) { return `<b>${x}</b>`; }\nconst run = (c) => { db.query(c); };\n";
        assert_eq!(flows(code), [(2, 10), (2, 14)]);
    }
}
