//! Data flow inside a Java method (see the module above for what a flow is), with a summary
//! of each method of the same file: which parameters reach its return value or a sink in it,
//! and whether it returns a source's value, so that `bar = doSomething(param)` is followed.
//!
//! Java specifics: declarations, `=` and `+=`, `if`/`else`, `switch` (fall-through up to
//! `break`, arrows, a subject decidable from constants such as `"ABC".charAt(2)`), loops,
//! `try`/`catch`/`finally` and try-with-resources, the conditional operator, casts,
//! `StringBuilder.append` and other calls that put a value into their receiver, maps
//! (`put`/`get`/`remove` with constant keys) and lists and arrays whose elements are known
//! (`add`, `add(i, x)`, `set`, `remove(i)`, `get(i)`, `{"a", b}`, `Arrays.asList`).

use std::collections::{HashMap, HashSet};
use std::rc::Rc;

use super::{
    AstNode as JNode, Const, Core, Deeper, Division, Flow, Spec, State, Summary, TooBig, Trace,
    entry, fold, has_entries, if_else, leading_to_sinks, line, own_nodes, read, step, taint_whole,
};

/// Methods whose result says something about a value (a length, a test) but does not carry it.
const MEASURES: &[&str] = &[
    "equals",
    "equalsIgnoreCase",
    "length",
    "size",
    "isEmpty",
    "isBlank",
    "hashCode",
    "contains",
    "containsKey",
    "containsValue",
    "startsWith",
    "endsWith",
    "indexOf",
    "lastIndexOf",
    "compareTo",
    "compareToIgnoreCase",
    "matches",
    "hasNext",
    "hasMoreElements",
    "hasMoreTokens",
    "getClass",
];

/// A method of the file by name and number of parameters (`name/2`): Java overloads.
fn method_key(name: &str, arity: usize) -> String {
    format!("{name}/{arity}")
}

struct Ctx<'r, 's> {
    spec: &'s Spec<'s>,
    /// The file's methods, by [`method_key`].
    core: Core<'r>,
    /// The file's class names (`new Inner().helper(x)` calls a method of this file).
    classes: HashSet<String>,
}

/// Analyse every method and constructor of a Java tree.
pub fn analyze(root: &JNode<'_>, spec: &Spec<'_>) -> (Vec<Flow>, Vec<TooBig>) {
    let mut methods = HashMap::new();
    let mut classes = HashSet::new();
    let mut bodies = Vec::new();
    for node in root.dfs() {
        match node.kind().as_ref() {
            "method_declaration" | "constructor_declaration" => {
                if let Some(name) = node.field("name") {
                    let arity = parameters(&node).len();
                    methods
                        .entry(method_key(&name.text(), arity))
                        .or_insert_with(|| node.clone());
                }
                bodies.push(node);
            }
            "class_declaration" | "record_declaration" | "enum_declaration" => {
                if let Some(name) = node.field("name") {
                    classes.insert(name.text().to_string());
                }
            }
            _ => {}
        }
    }
    let ctx = Ctx {
        spec,
        core: Core::new(methods),
        classes,
    };
    // Each class's field initializers and static blocks, in order, as one more body; what its
    // final fields hold is where its methods start.
    let mut finals: HashMap<std::ops::Range<usize>, State> = HashMap::new();
    for class in root.dfs().filter(|n| n.kind() == "class_body") {
        let mut state = State::default();
        let mut start = State::default();
        ctx.core.with_budget("<fields>", line(&class), || {
            for member in named(&class) {
                match member.kind().as_ref() {
                    "field_declaration" => {
                        for declarator in member.field_children("declarator") {
                            ctx.declarator(&declarator, &mut state);
                        }
                        let is_final = member
                            .children()
                            .any(|c| c.kind() == "modifiers" && c.text().contains("final"));
                        for name in member
                            .field_children("declarator")
                            .filter_map(|d| d.field("name"))
                            .filter(|_| is_final)
                        {
                            let name = name.text().to_string();
                            if let Some(trace) = state.taint.get(&name) {
                                start.taint.insert(name.clone(), trace.clone());
                            }
                            if let Some(known) = state.consts.get(&name) {
                                start.consts.insert(name, known.clone());
                            }
                        }
                    }
                    "block" => ctx.statement(&member, &mut state),
                    "static_initializer" => {
                        for block in named(&member) {
                            ctx.statement(&block, &mut state);
                        }
                    }
                    _ => {}
                }
            }
        });
        finals.insert(class.range(), start);
    }
    // Only what has a sink, or calls into this file's methods that lead to one.
    let named_bodies: Vec<(String, JNode<'_>)> = bodies
        .into_iter()
        .map(|b| {
            let name = b.field("name").map(|n| n.text().to_string());
            (name.unwrap_or_default(), b)
        })
        .collect();
    let wanted = leading_to_sinks(&named_bodies, spec.sinks_at, "method_invocation", |call| {
        call.field("name").map(|n| n.text().to_string())
    });
    let bodies = named_bodies
        .into_iter()
        .zip(wanted)
        .filter(|(_, wanted)| *wanted)
        .map(|((_, body), _)| body);
    for method in bodies {
        let mut state = method
            .parent()
            .and_then(|class| finals.get(&class.range()).cloned())
            .unwrap_or_default();
        for parameter in parameters(&method) {
            // A parameter the rule names as a source (`@RequestParam String q`).
            if (spec.is_source)(&parameter)
                && let Some(name) = parameter.field("name")
            {
                state
                    .taint
                    .insert(name.text().to_string(), vec![line(&parameter)]);
            }
        }
        ctx.run(&method, state);
    }
    ctx.core.finish()
}

fn parameters<'r>(method: &JNode<'r>) -> Vec<JNode<'r>> {
    method
        .field("parameters")
        .map(|p| {
            p.children()
                .filter(|c| matches!(c.kind().as_ref(), "formal_parameter" | "spread_parameter"))
                .collect()
        })
        .unwrap_or_default()
}

fn named<'r>(node: &JNode<'r>) -> impl Iterator<Item = JNode<'r>> {
    node.children()
        .filter(|c| c.is_named() && c.kind() != "comment")
}

fn arguments<'r>(call: &JNode<'r>) -> Vec<JNode<'r>> {
    call.field("arguments")
        .map(|a| named(&a).collect())
        .unwrap_or_default()
}

/// The first of two traces that exists.
fn either(a: Option<Trace>, b: impl FnOnce() -> Option<Trace>) -> Option<Trace> {
    a.or_else(b)
}

impl<'r> Ctx<'r, '_> {
    /// Analyse one method's body from `state`, with a fresh step budget; what it returns is
    /// left in `self.returns`.
    fn run(&self, method: &JNode<'r>, mut state: State) {
        let Some(body) = method.field("body") else {
            return;
        };
        let name = method
            .field("name")
            .map(|n| n.text().to_string())
            .unwrap_or_default();
        self.core
            .with_budget(&name, line(method), || self.statement(&body, &mut state));
    }

    /// The summary of the file's method a call reaches, if it reaches one: a call with no
    /// receiver, on `this`, or on a new object of a class of this file.
    fn summary(&self, call: &JNode<'r>) -> Option<Rc<Summary>> {
        let name = call.field("name")?.text().to_string();
        let local = match call.field("object") {
            None => true,
            Some(object) => match object.kind().as_ref() {
                "this" => true,
                "object_creation_expression" => object
                    .field("type")
                    .is_some_and(|t| self.classes.contains(t.text().as_ref())),
                _ => false,
            },
        };
        if !local {
            return None;
        }
        let key = method_key(&name, arguments(call).len());
        self.core.summary(&key, |method| {
            // Each parameter taints from its own line.
            let params = parameters(method);
            let positions: Vec<Vec<String>> = params
                .iter()
                .map(|p| {
                    p.field("name")
                        .map(|n| n.text().to_string())
                        .into_iter()
                        .collect()
                })
                .collect();
            self.core
                .summarise(&positions, line(method), |state| self.run(method, state))
        })
    }

    fn block(&self, node: &JNode<'r>, state: &mut State) {
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

    fn statement(&self, node: &JNode<'r>, state: &mut State) {
        let Some(_deeper) = Deeper::enter() else {
            return;
        };
        if !step() {
            return;
        }
        match node.kind().as_ref() {
            "block" | "constructor_body" => self.block(node, state),
            // Analysed on their own.
            "class_declaration"
            | "interface_declaration"
            | "enum_declaration"
            | "record_declaration"
            | "method_declaration" => {}
            "local_variable_declaration" => {
                for declarator in node.field_children("declarator") {
                    self.declarator(&declarator, state);
                }
            }
            "expression_statement" => {
                for child in named(node) {
                    self.evaluate(&child, state);
                }
            }
            "if_statement" => self.if_statement(node, state),
            "switch_expression" | "switch_statement" => self.switch(node, state),
            "while_statement" | "do_statement" | "for_statement" | "enhanced_for_statement" => {
                self.looped(node, state)
            }
            "try_statement" | "try_with_resources_statement" => self.try_statement(node, state),
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
            "labeled_statement" | "synchronized_statement" => {
                for child in named(node) {
                    self.statement(&child, state);
                }
            }
            "parenthesized_expression" => self.evaluate(node, state),
            _ => self.sinks(node, state),
        }
    }

    /// An expression used as a statement (or a condition): its sinks, then what it assigns
    /// and what its calls put into their receivers.
    fn evaluate(&self, node: &JNode<'r>, state: &mut State) {
        self.sinks(node, state);
        match node.kind().as_ref() {
            "assignment_expression" => self.assignment(node, state),
            _ => self.effects(node, state),
        }
    }

    fn declarator(&self, declarator: &JNode<'r>, state: &mut State) {
        let Some(name) = declarator.field("name") else {
            return;
        };
        let Some(value) = declarator.field("value") else {
            // `String bar;` declares, and forgets what a name of the same spelling held.
            self.bind(&name.text(), None, None, state, line(&name));
            return;
        };
        self.sinks(declarator, state);
        self.effects(&value, state);
        let taint = self.expression(&value, state);
        let known = constant(&value, state);
        // An array or list whose elements are known is known element by element.
        let seq = self.sequence(&value, state);
        let taint = taint.filter(|_| seq.is_none());
        self.bind(&name.text(), taint, known, state, line(&name));
        if let Some(seq) = seq {
            state.seqs.insert(name.text().to_string(), seq);
        }
    }

    fn assignment(&self, node: &JNode<'r>, state: &mut State) {
        let (Some(left), Some(right)) = (node.field("left"), node.field("right")) else {
            return;
        };
        if right.kind() == "assignment_expression" {
            self.assignment(&right, state);
        } else {
            self.effects(&right, state);
        }
        let compound = node.field("operator").is_some_and(|o| o.text() != "=");
        let mut taint = self.expression(&right, state);
        if compound {
            taint = either(taint, || self.expression(&left, state));
        }
        let known = if compound {
            None
        } else {
            constant(&right, state)
        };
        let at = line(node);
        match left.kind().as_ref() {
            "identifier" | "field_access" => {
                let name = left.text().to_string();
                let seq = (!compound).then(|| self.sequence(&right, state)).flatten();
                let taint = taint.filter(|_| seq.is_none());
                self.bind(&name, taint, known, state, at);
                if let Some(seq) = seq {
                    state.seqs.insert(name, seq);
                }
            }
            "array_access" => {
                let (Some(array), Some(index)) = (left.field("array"), left.field("index")) else {
                    return;
                };
                let base = array.text().to_string();
                let index = match constant(&index, state) {
                    Some(Const::Int(i)) => usize::try_from(i).ok(),
                    _ => None,
                };
                let trace = taint.map(|mut t| {
                    t.push(at);
                    t
                });
                match (state.seqs.get_mut(&base), index) {
                    (Some(seq), Some(i)) if i < seq.len() => seq[i] = trace,
                    _ => {
                        if let Some(trace) = trace {
                            state.taint.insert(base, trace);
                        }
                    }
                }
            }
            _ => {}
        }
    }

    /// Give `name` a new value (from line `at`): what was said of it and of its entries goes.
    fn bind(
        &self,
        name: &str,
        taint: Option<Trace>,
        known: Option<Const>,
        state: &mut State,
        at: u32,
    ) {
        let trace = taint.map(|mut t| {
            t.push(at);
            t
        });
        super::bind(state, name, trace, known);
    }

    /// The elements of a list or array a value starts as, if they are all known.
    fn sequence(&self, value: &JNode<'r>, state: &State) -> Option<Vec<Option<Trace>>> {
        if super::taken_whole(self.spec, value) {
            return None;
        }
        match value.kind().as_ref() {
            "array_initializer" => Some(
                named(value)
                    .map(|element| self.expression(&element, state))
                    .collect(),
            ),
            "array_creation_expression" => value
                .field("value")
                .and_then(|init| self.sequence(&init, state)),
            "object_creation_expression" => {
                let kind = value.field("type")?.text().to_string();
                let list = kind.rsplit('.').next().unwrap_or(&kind);
                let list = list.split('<').next().unwrap_or(list);
                (matches!(
                    list,
                    "ArrayList" | "LinkedList" | "Vector" | "Stack" | "ArrayDeque"
                ) && arguments(value).iter().all(|a| {
                    // `new ArrayList<>(16)` is empty too.
                    matches!(constant(a, state), Some(Const::Int(_)))
                }))
                .then(Vec::new)
            }
            "method_invocation" => {
                let name = value.field("name")?.text().to_string();
                let object = value.field("object").map(|o| o.text().to_string());
                let lists = matches!(
                    (object.as_deref(), name.as_str()),
                    (
                        Some("Arrays" | "java.util.Arrays" | "List" | "java.util.List"),
                        "asList" | "of"
                    )
                );
                lists.then(|| {
                    arguments(value)
                        .iter()
                        .map(|a| self.expression(a, state))
                        .collect()
                })
            }
            "cast_expression" | "parenthesized_expression" => value
                .field("value")
                .or_else(|| named(value).last())
                .and_then(|inner| self.sequence(&inner, state)),
            _ => None,
        }
    }

    /// What the calls in an expression put into their receivers: `sb.append(x)`,
    /// `list.add(x)`, `map.put(k, x)`, and what they take out (`list.remove(0)`, `clear()`).
    fn effects(&self, node: &JNode<'r>, state: &mut State) {
        let calls: Vec<JNode<'r>> = node
            .dfs()
            .filter(|n| n.kind() == "method_invocation")
            .collect();
        // Innermost first: `sb.append(a).append(b)` appends a, then b.
        for call in calls.iter().rev() {
            super::propagate(self.spec, call, state, |n, s| self.expression(n, s));
            self.effect(call, state);
        }
    }

    fn effect(&self, call: &JNode<'r>, state: &mut State) {
        let (Some(method), Some(mut object)) = (call.field("name"), call.field("object")) else {
            return;
        };
        let method = method.text().to_string();
        // `random.nextBytes(buf)`, `in.read(buf)`: the buffer receives what the receiver gives.
        if matches!(method.as_str(), "nextBytes" | "read" | "readFully")
            && let Some(buffer) = arguments(call).first()
            && buffer.kind() == "identifier"
            && let Some(mut trace) = self.expression(&object, state)
        {
            trace.push(line(call));
            taint_whole(state, &buffer.text(), Some(trace));
            return;
        }
        // `sb.append(a).append(b)`: the builder at the root of the chain.
        while object.kind() == "method_invocation"
            && object
                .field("name")
                .is_some_and(|n| matches!(n.text().as_ref(), "append" | "insert" | "replace"))
        {
            match object.field("object") {
                Some(inner) => object = inner,
                None => return,
            }
        }
        if !matches!(object.kind().as_ref(), "identifier" | "field_access") {
            return;
        }
        let base = object.text().to_string();
        let args = arguments(call);
        let at = line(call);
        let taint_of = |arg: &JNode<'r>, state: &State| {
            self.expression(arg, state).map(|mut t| {
                t.push(at);
                t
            })
        };
        let index =
            |arg: Option<&JNode<'r>>, state: &State| match arg.and_then(|a| constant(a, state)) {
                Some(Const::Int(i)) => usize::try_from(i).ok(),
                _ => None,
            };
        match (method.as_str(), args.len()) {
            ("add" | "addElement" | "addLast" | "offer" | "offerLast", 1) => {
                let taint = taint_of(&args[0], state);
                match state.seqs.get_mut(&base) {
                    Some(seq) => seq.push(taint),
                    None => taint_whole(state, &base, taint),
                }
            }
            ("add" | "insertElementAt" | "set", 2) | ("addFirst" | "push" | "offerFirst", 1) => {
                let (position, value) = match method.as_str() {
                    "add" | "set" => (index(args.first(), state), &args[1]),
                    "insertElementAt" => (index(args.get(1), state), &args[0]),
                    _ => (Some(0), &args[0]),
                };
                let taint = taint_of(value, state);
                let replace = method == "set";
                match (state.seqs.get_mut(&base), position) {
                    (Some(seq), Some(i)) if replace && i < seq.len() => seq[i] = taint,
                    (Some(seq), Some(i)) if !replace && i <= seq.len() => seq.insert(i, taint),
                    _ => {
                        state.seqs.remove(&base);
                        taint_whole(state, &base, taint);
                    }
                }
            }
            ("remove" | "removeElementAt", 1)
            | ("poll" | "pollFirst" | "removeFirst" | "pop", 0) => {
                let key = args.first().and_then(|a| constant(a, state));
                match (state.seqs.get_mut(&base), &key) {
                    (Some(seq), Some(Const::Int(i))) => {
                        if let Ok(i) = usize::try_from(*i)
                            && i < seq.len()
                        {
                            seq.remove(i);
                        }
                    }
                    (Some(seq), None) if args.is_empty() && !seq.is_empty() => {
                        seq.remove(0);
                    }
                    (None, Some(key)) => {
                        state.taint.remove(&entry(&base, key));
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
            ("put" | "putIfAbsent" | "setProperty" | "setAttribute", 2) => {
                let taint = taint_of(&args[1], state);
                match constant(&args[0], state) {
                    Some(key) => {
                        let name = entry(&base, &key);
                        match taint {
                            Some(trace) => {
                                state.taint.insert(name, trace);
                            }
                            None if method != "putIfAbsent" => {
                                state.taint.remove(&name);
                            }
                            None => {}
                        }
                    }
                    None => taint_whole(state, &base, taint),
                }
            }
            (
                "append" | "insert" | "replace" | "concat" | "addAll" | "putAll" | "write"
                | "print" | "println" | "format" | "update",
                _,
            ) => {
                let taint = args.iter().find_map(|a| taint_of(a, state));
                if method == "addAll" {
                    state.seqs.remove(&base);
                }
                taint_whole(state, &base, taint);
            }
            _ => {}
        }
    }

    fn if_statement(&self, node: &JNode<'r>, state: &mut State) {
        let condition = node.field("condition");
        if let Some(condition) = &condition {
            self.evaluate(condition, state);
        }
        let decided = condition.as_ref().and_then(|c| constant(c, state));
        let branches = (node.field("consequence"), node.field("alternative"));
        if_else(
            self.spec,
            state,
            condition.as_ref(),
            decided,
            branches,
            |body, state| self.statement(body, state),
        );
    }

    fn switch(&self, node: &JNode<'r>, state: &mut State) {
        let subject = node.field("condition");
        if let Some(subject) = &subject {
            self.evaluate(subject, state);
        }
        let value = subject.as_ref().and_then(|s| constant(s, state));
        let groups: Vec<JNode<'r>> = node
            .field("body")
            .map(|b| named(&b).collect())
            .unwrap_or_default();
        // Each group's labels: Some(constants), or None for `default`.
        let labels: Vec<Option<Vec<Option<Const>>>> = groups
            .iter()
            .map(|group| {
                let mut constants = Vec::new();
                for label in group.children().filter(|c| c.kind() == "switch_label") {
                    if label.text().trim_start().starts_with("default") {
                        return None;
                    }
                    constants.extend(named(&label).map(|c| constant(&c, state)));
                }
                Some(constants)
            })
            .collect();
        let default = labels.iter().position(Option::is_none);
        let starts: Vec<usize> = match &value {
            Some(value) => labels
                .iter()
                .position(|l| {
                    l.as_ref()
                        .is_some_and(|cs| cs.iter().any(|c| c.as_ref() == Some(value)))
                })
                .or(default)
                .into_iter()
                .collect(),
            None => (0..groups.len()).collect(),
        };
        let mut merged: Option<State> = None;
        for start in starts {
            let mut arm = state.clone();
            'groups: for group in &groups[start..] {
                for part in named(group) {
                    match part.kind().as_ref() {
                        "switch_label" => {}
                        "break_statement" | "yield_statement" => break 'groups,
                        _ => self.statement(&part, &mut arm),
                    }
                    if arm.ended {
                        break 'groups;
                    }
                }
                // An arrow arm does not fall through.
                if group.kind() == "switch_rule" {
                    break;
                }
            }
            merged = Some(match merged {
                Some(m) => m.merge(arm),
                None => arm,
            });
        }
        // No label matches (undecided, and no default): nothing ran.
        let skipped = value.is_none() && default.is_none();
        match merged {
            Some(m) if skipped => *state = m.merge(std::mem::take(state)),
            Some(m) => *state = m,
            None => {}
        }
    }

    fn looped(&self, node: &JNode<'r>, state: &mut State) {
        for init in node.field_children("init") {
            match init.kind().as_ref() {
                "local_variable_declaration" => self.statement(&init, state),
                _ => self.evaluate(&init, state),
            }
        }
        if node.kind() == "enhanced_for_statement"
            && let (Some(name), Some(iterable)) = (node.field("name"), node.field("value"))
        {
            self.sinks(&iterable, state);
            let taint = self.expression(&iterable, state);
            self.bind(&name.text(), taint, None, state, line(&name));
        }
        let condition = node.field("condition");
        if let Some(condition) = &condition {
            self.evaluate(condition, state);
        }
        if matches!(
            condition.as_ref().and_then(|c| constant(c, state)),
            Some(Const::Bool(false))
        ) && node.kind() != "do_statement"
        {
            return;
        }
        let Some(body) = node.field("body") else {
            return;
        };
        // Twice, so that what one iteration taints reaches the next; a loop may also not run
        // at all (a `do` runs once at least).
        let before = state.clone();
        let mut looped = state.clone();
        for _ in 0..2 {
            looped.ended = false;
            self.statement(&body, &mut looped);
            for update in node.field_children("update") {
                self.evaluate(&update, &mut looped);
            }
        }
        looped.ended = false;
        *state = if node.kind() == "do_statement" {
            looped
        } else {
            before.merge(looped)
        };
    }

    fn try_statement(&self, node: &JNode<'r>, state: &mut State) {
        if let Some(resources) = node.field("resources") {
            for resource in named(&resources) {
                if resource.field("value").is_some() {
                    self.declarator(&resource, state);
                } else {
                    self.sinks(&resource, state);
                }
            }
        }
        let before = state.clone();
        if let Some(body) = node.field("body") {
            self.statement(&body, state);
        }
        let mut merged: Option<State> = None;
        for child in named(node) {
            match child.kind().as_ref() {
                "catch_clause" => {
                    // A handler runs on what the body may have done so far.
                    let mut handler = before.clone().merge(state.clone());
                    handler.ended = false;
                    if let Some(body) = child.field("body") {
                        self.statement(&body, &mut handler);
                    }
                    merged = Some(match merged {
                        Some(m) => m.merge(handler),
                        None => handler,
                    });
                }
                "finally_clause" => {
                    for part in named(&child) {
                        self.statement(&part, state);
                    }
                }
                _ => {}
            }
        }
        if let Some(m) = merged {
            *state = std::mem::take(state).merge(m);
        }
    }

    /// Every sink in `node` (not in lambdas or nested classes) whose checked parts carry
    /// taint.
    fn sinks(&self, node: &JNode<'r>, state: &State) {
        for candidate in own_nodes(node, &["lambda_expression", "class_body"]) {
            if !matches!(
                candidate.kind().as_ref(),
                "method_invocation"
                    | "object_creation_expression"
                    | "assignment_expression"
                    | "variable_declarator"
            ) {
                continue;
            }
            // A call of this file's method with a sink inside: the call reports it.
            if candidate.kind() == "method_invocation"
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

    /// The taint an expression carries, if any: the trace of one of its tainted parts.
    fn expression(&self, node: &JNode<'r>, state: &State) -> Option<Trace> {
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
            "field_access" => read(&node.text(), state).or_else(|| {
                node.field("object")
                    .filter(|o| o.kind() != "this")
                    .and_then(|o| self.expression(&o, state))
            }),
            "array_access" => {
                let array = node.field("array")?;
                let base = array.text().to_string();
                let index = node.field("index").and_then(|i| constant(&i, state));
                if let (Some(seq), Some(Const::Int(i))) = (state.seqs.get(&base), &index) {
                    return usize::try_from(*i)
                        .ok()
                        .and_then(|i| seq.get(i).cloned().flatten());
                }
                self.expression(&array, state)
            }
            "method_invocation" => self.call(node, state),
            "object_creation_expression" => {
                // What the constructor is given (an anonymous class body is not a value).
                arguments(node)
                    .iter()
                    .find_map(|a| self.expression(a, state))
            }
            "binary_expression" => {
                let operator = node.field("operator").map(|o| o.text().to_string());
                if matches!(
                    operator.as_deref(),
                    Some("==" | "!=" | "<" | ">" | "<=" | ">=" | "&&" | "||")
                ) {
                    return None;
                }
                let left = node.field("left")?;
                let right = node.field("right")?;
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
            "cast_expression" => self.expression(&node.field("value")?, state),
            "assignment_expression" => self.expression(&node.field("right")?, state),
            "lambda_expression"
            | "method_reference"
            | "class_literal"
            | "instanceof_expression"
            | "this"
            | "super"
            | "string_literal"
            | "text_block"
            | "character_literal"
            | "decimal_integer_literal"
            | "hex_integer_literal"
            | "decimal_floating_point_literal"
            | "true"
            | "false"
            | "null_literal"
            | "class_body"
            | "type_identifier"
            | "scoped_type_identifier"
            | "generic_type" => None,
            _ => named(node).find_map(|c| self.expression(&c, state)),
        }
    }

    fn call(&self, node: &JNode<'r>, state: &State) -> Option<Trace> {
        let name = node.field("name")?.text().to_string();
        let object = node.field("object");
        let args = arguments(node);
        if let Some(summary) = self.summary(node) {
            let tainted = args
                .iter()
                .enumerate()
                .filter_map(|(i, a)| Some((i, self.expression(a, state)?)));
            return self.core.apply(&summary, tainted, node);
        }
        if MEASURES.contains(&name.as_str()) {
            return None;
        }
        // A list's or map's entry by a constant index or key.
        if let Some(object) = &object
            && matches!(object.kind().as_ref(), "identifier" | "field_access")
            && matches!(
                name.as_str(),
                "get" | "getOrDefault" | "elementAt" | "getProperty"
            )
            && let Some(key) = args.first().and_then(|a| constant(a, state))
        {
            let base = object.text().to_string();
            let fallback = || {
                args.get(1)
                    .and_then(|default| self.expression(default, state))
            };
            if let (Some(seq), Const::Int(i)) = (state.seqs.get(&base), &key) {
                return usize::try_from(*i)
                    .ok()
                    .and_then(|i| seq.get(i).cloned().flatten());
            }
            if has_entries(state, &base) || !state.taint.contains_key(&base) {
                return either(
                    either(state.taint.get(&entry(&base, &key)).cloned(), || {
                        state.taint.get(&base).cloned()
                    }),
                    fallback,
                );
            }
        }
        // Otherwise a call's result carries its receiver's and its arguments' taint.
        either(
            object
                .as_ref()
                .filter(|o| o.kind() != "this")
                .and_then(|o| self.expression(o, state)),
            || args.iter().find_map(|a| self.expression(a, state)),
        )
    }
}

/// The value of an expression made of constants (literals, constant names, arithmetic,
/// string concatenation, comparisons, `!`/`&&`/`||`, `charAt`, `length`, `equals`, the
/// conditional operator), if it is one.
fn constant(node: &JNode<'_>, state: &State) -> Option<Const> {
    let _deeper = Deeper::enter()?;
    match node.kind().as_ref() {
        "decimal_integer_literal" => node
            .text()
            .trim_end_matches(['l', 'L'])
            .replace('_', "")
            .parse()
            .ok()
            .map(Const::Int),
        "true" => Some(Const::Bool(true)),
        "false" => Some(Const::Bool(false)),
        "string_literal" => {
            let mut text = String::new();
            for part in node.children() {
                match part.kind().as_ref() {
                    "string_fragment" => text.push_str(&part.text()),
                    "escape_sequence" => text.push_str(&unescape(&part.text())?),
                    _ => {}
                }
            }
            Some(Const::Str(text))
        }
        "character_literal" => {
            let text = node.text();
            let inner = text.strip_prefix('\'')?.strip_suffix('\'')?;
            let value = if inner.starts_with('\\') {
                unescape(inner)?
            } else {
                inner.to_string()
            };
            (value.chars().count() == 1).then_some(Const::Str(value))
        }
        "identifier" => state.consts.get(node.text().as_ref()).cloned(),
        "parenthesized_expression" => named(node).next().and_then(|c| constant(&c, state)),
        "cast_expression" => constant(&node.field("value")?, state),
        "unary_expression" => {
            let operand = constant(&node.field("operand")?, state)?;
            match (node.field("operator")?.text().as_ref(), operand) {
                ("-", Const::Int(i)) => i.checked_neg().map(Const::Int),
                ("+", Const::Int(i)) => Some(Const::Int(i)),
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
            binary(&operator, a, b)
        }
        "method_invocation" => {
            let object = constant(&node.field("object")?, state)?;
            let name = node.field("name")?.text().to_string();
            let args: Vec<Const> = arguments(node)
                .iter()
                .map(|a| constant(a, state))
                .collect::<Option<_>>()?;
            let Const::Str(s) = object else {
                return None;
            };
            match (name.as_str(), args.as_slice()) {
                ("charAt", [Const::Int(i)]) => {
                    let i = usize::try_from(*i).ok()?;
                    s.chars().nth(i).map(|c| Const::Str(c.to_string()))
                }
                ("length", []) => i64::try_from(s.chars().count()).ok().map(Const::Int),
                ("equals", [Const::Str(other)]) => Some(Const::Bool(&s == other)),
                ("toUpperCase", []) => Some(Const::Str(s.to_uppercase())),
                ("toLowerCase", []) => Some(Const::Str(s.to_lowercase())),
                ("trim", []) => Some(Const::Str(s.trim().to_string())),
                _ => None,
            }
        }
        _ => None,
    }
}

fn binary(operator: &str, a: Const, b: Const) -> Option<Const> {
    // `==` on strings compares references in Java: only chars are decided.
    if let (Const::Str(x), Const::Str(y)) = (&a, &b)
        && matches!(operator, "==" | "!=" | "<" | ">" | "<=" | ">=")
        && (x.chars().count() != 1 || y.chars().count() != 1)
    {
        return None;
    }
    if matches!(
        (operator, &a, &b),
        ("+", Const::Str(_), Const::Int(_)) | ("+", Const::Int(_), Const::Str(_))
    ) {
        return Some(Const::Str(match (a, b) {
            (Const::Str(a), Const::Int(b)) => format!("{a}{b}"),
            (Const::Int(a), Const::Str(b)) => format!("{a}{b}"),
            _ => return None,
        }));
    }
    if matches!(operator, "<" | ">" | "<=" | ">=") && matches!(a, Const::Bool(_)) {
        return None;
    }
    fold(operator, a, b, Division::Truncating)
}

/// The character a Java escape sequence stands for (the common ones).
fn unescape(sequence: &str) -> Option<String> {
    Some(
        match sequence {
            "\\n" => "\n",
            "\\t" => "\t",
            "\\r" => "\r",
            "\\\"" => "\"",
            "\\'" => "'",
            "\\\\" => "\\",
            "\\0" => "\0",
            _ => return None,
        }
        .to_string(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::taint::SinkArgs;
    use ast_grep_core::tree_sitter::LanguageExt;
    use ast_grep_language::SupportLang;

    /// Flows of `code` with `request.getParameter(...)` as the source, `encode(...)` the
    /// sanitizer and the first argument of `executeQuery(...)` / `exec(...)` the sinks:
    /// (source line, sink line).
    fn flows(code: &str) -> Vec<(u32, u32)> {
        let root = SupportLang::Java.ast_grep(code);
        let is_source = |n: &JNode<'_>| {
            n.kind() == "method_invocation"
                && n.field("name").is_some_and(|f| f.text() == "getParameter")
        };
        let is_sanitizer = |n: &JNode<'_>| {
            n.kind() == "method_invocation" && n.field("name").is_some_and(|f| f.text() == "encode")
        };
        let sink_arguments = |n: &JNode<'_>| {
            if n.kind() != "method_invocation" {
                return None;
            }
            let name = n.field("name")?;
            if name.text() != "executeQuery" && name.text() != "exec" {
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
            is_guard: &|_| false,
            sinks_at: &sinks_at,
            propagates: &|_| None,
        };
        analyze(&root.root(), &spec)
            .0
            .into_iter()
            .map(|f| (f.source_line, f.sink_line))
            .collect()
    }

    fn method(body: &str) -> String {
        format!("class A {{\nvoid m(HttpServletRequest request) {{\n{body}\n}}\n}}\n")
    }

    #[test]
    fn taint_flows_through_declarations_strings_builders_and_calls() {
        let code = method(
            "String p = request.getParameter(\"a\");\nString q = \"SELECT \" + p;\nStringBuilder sb = new StringBuilder();\nsb.append(\"x\").append(q);\nString r = sb.toString().trim();\nst.executeQuery(r);",
        );
        assert_eq!(flows(&code), [(3, 8)]);
    }

    #[test]
    fn reassignment_sanitizers_and_constants_kill_taint() {
        let code = method(
            "String p = request.getParameter(\"a\");\np = \"fixed\";\nst.executeQuery(p);\nString q = encode(request.getParameter(\"b\"));\nst.executeQuery(q);\nint n = p.length();\nst.executeQuery(\"x\" + request.getParameter(\"c\").length());",
        );
        assert!(flows(&code).is_empty(), "{:?}", flows(&code));
    }

    #[test]
    fn decidable_conditions_and_switches_run_only_their_branch() {
        let ternary = method(
            "String p = request.getParameter(\"a\");\nint num = 106;\nString bar = (7 * 18) + num > 200 ? \"always\" : p;\nst.executeQuery(bar);",
        );
        assert!(flows(&ternary).is_empty(), "{:?}", flows(&ternary));
        assert_eq!(flows(&ternary.replace("> 200", "< 200")), [(3, 6)]);
        let branch = method(
            "String p = request.getParameter(\"a\");\nString bar;\nint num = 86;\nif ((7 * 42) - num > 200) bar = \"always\";\nelse bar = p;\nst.executeQuery(bar);",
        );
        assert!(flows(&branch).is_empty(), "{:?}", flows(&branch));
        let switch = |target: usize| {
            method(&format!(
                "String p = request.getParameter(\"a\");\nString bar;\nchar c = \"ABC\".charAt({target});\nswitch (c) {{\ncase 'A': bar = p; break;\ncase 'B': bar = \"bob\"; break;\ncase 'C':\ncase 'D': bar = p; break;\ndefault: bar = \"x\"; break;\n}}\nst.executeQuery(bar);"
            ))
        };
        assert!(flows(&switch(1)).is_empty(), "{:?}", flows(&switch(1)));
        assert_eq!(flows(&switch(2)), [(3, 13)], "C falls through to D");
        assert_eq!(flows(&switch(0)), [(3, 13)]);
    }

    #[test]
    fn map_entries_and_list_elements_are_told_apart() {
        let map = method(
            "String p = request.getParameter(\"a\");\njava.util.HashMap<String,Object> m = new java.util.HashMap<String,Object>();\nm.put(\"keyA\", \"safe\");\nm.put(\"keyB\", p);\nString bar = (String) m.get(\"keyA\");\nst.executeQuery(bar);\nst.executeQuery((String) m.get(\"keyB\"));",
        );
        assert_eq!(flows(&map), [(3, 9)]);
        let list = |get: usize| {
            method(&format!(
                "String p = request.getParameter(\"a\");\njava.util.List<String> l = new java.util.ArrayList<String>();\nl.add(\"safe\");\nl.add(p);\nl.add(\"moresafe\");\nl.remove(0);\nst.executeQuery(l.get({get}));"
            ))
        };
        assert_eq!(flows(&list(0)), [(3, 9)], "p moved to index 0");
        assert!(flows(&list(1)).is_empty(), "{:?}", flows(&list(1)));
        let array = method(
            "String p = request.getParameter(\"a\");\nString[] args = {\"a\", p};\nst.executeQuery(args[0]);\nargs[0] = p;\nst.exec(args[0]);",
        );
        assert_eq!(flows(&array), [(3, 7)]);
    }

    #[test]
    fn helpers_of_the_same_file_are_followed() {
        let code = "class A {\nvoid m(HttpServletRequest request) {\nString p = request.getParameter(\"a\");\nString bar = new Test().doSomething(p);\nst.executeQuery(bar);\nst.executeQuery(constant(p));\nrun(p);\n}\nclass Test { String doSomething(String x) { String y = x + \"!\"; return y; } }\nString constant(String x) { return \"safe\"; }\nvoid run(String c) { Runtime.getRuntime().exec(c); }\n}\n";
        assert_eq!(flows(code), [(3, 5), (3, 11)]);
    }

    #[test]
    fn a_method_too_big_for_the_budget_is_reported_and_the_rest_analysed() {
        // Each loop's body is followed twice: 24 nested loops are 2^24 passes.
        let nested = format!(
            "{}String q = request.getParameter(\"a\");\nst.executeQuery(q);{}",
            "for (String s : xs) {\n".repeat(24),
            "}\n".repeat(24)
        );
        let code = format!(
            "class A {{\nvoid big(HttpServletRequest request) {{\n{nested}\n}}\nvoid small(HttpServletRequest request) {{\nst.executeQuery(request.getParameter(\"b\"));\n}}\n}}\n"
        );
        let root = SupportLang::Java.ast_grep(&code);
        let none = |_: &JNode<'_>| false;
        let is_source = |n: &JNode<'_>| {
            n.kind() == "method_invocation"
                && n.field("name").is_some_and(|f| f.text() == "getParameter")
        };
        let sink_arguments = |n: &JNode<'_>| {
            (n.kind() == "method_invocation"
                && n.field("name").is_some_and(|f| f.text() == "executeQuery"))
            .then_some(SinkArgs::All)
        };
        let sinks_at = crate::taint::sinks_in(&root.root(), &sink_arguments);
        let spec = Spec {
            is_source: &is_source,
            is_sanitizer: &none,
            sink_arguments: &sink_arguments,
            is_guard: &none,
            sinks_at: &sinks_at,
            propagates: &|_| None,
        };
        let (flows, too_big) = analyze(&root.root(), &spec);
        assert_eq!(
            too_big,
            [TooBig {
                function: "big".into(),
                line: 2
            }]
        );
        let sinks: Vec<u32> = flows.iter().map(|f| f.sink_line).collect();
        assert_eq!(
            sinks.last(),
            Some(&55),
            "the next method is analysed in full"
        );
    }

    #[test]
    fn loops_catches_and_early_returns() {
        let code = method(
            "String param = \"\";\nfor (String v : request.getParameter(\"a\").split(\",\")) {\nif (v.equals(\"x\")) { param = v; break; }\n}\nst.executeQuery(param);",
        );
        assert_eq!(flows(&code), [(4, 7)]);
        let returned = method(
            "String bar = request.getParameter(\"a\");\nif (bar == null) { bar = \"safe\"; } else { return; }\nst.executeQuery(bar);",
        );
        assert!(flows(&returned).is_empty(), "{:?}", flows(&returned));
        let caught = method(
            "String bar = \"safe\";\ntry { bar = request.getParameter(\"a\"); } catch (Exception e) { bar = \"x\"; }\nst.executeQuery(bar);",
        );
        assert_eq!(flows(&caught), [(4, 5)]);
    }
}
