//! Data flow inside a Go function (see the module above for what a flow is), with a summary
//! of each function and method of the same file, so that `q := build(r.FormValue("id"))` is
//! followed.
//!
//! Go specifics: `:=`, `var`, `=` and `+=` with several names at once (`rows, err :=
//! db.Query(q)`: every name takes the call's taint), `if` with an initializer, `switch`
//! (cases do not fall through), `for … range`, slices whose elements are known (`[]string{"a",
//! b}`, `s[1]`), maps by constant key (`map[string]string{"k": v}`, `m["k"] = v`, `m["k"]`),
//! and conversions (`[]byte(s)`, `string(b)`), which carry their operand.

use std::collections::HashMap;
use std::rc::Rc;

use super::{
    AstNode as GoNode, Const, Core, Deeper, Division, Flow, Spec, State, Summary, TooBig, Trace,
    bind, entry, fold, has_entries, if_else, leading_to_sinks, line, own_nodes, read, step,
};

const FUNCTIONS: &[&str] = &["function_declaration", "method_declaration", "func_literal"];

struct Ctx<'r, 's> {
    spec: &'s Spec<'s>,
    core: Core<'r>,
    /// What the package-level `var` and `const` declarations of the file hold: where every
    /// function starts.
    globals: std::cell::RefCell<State>,
}

/// Analyse every function, method and function literal of a Go tree.
pub fn analyze(root: &GoNode<'_>, spec: &Spec<'_>) -> (Vec<Flow>, Vec<TooBig>) {
    let mut functions = HashMap::new();
    let mut bodies = Vec::new();
    for node in root.dfs() {
        if FUNCTIONS.contains(&node.kind().as_ref()) {
            let name = node
                .field("name")
                .map(|n| n.text().to_string())
                .unwrap_or_default();
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
    let wanted = leading_to_sinks(&bodies, spec.sinks_at, "call_expression", |call| {
        let function = call.field("function")?;
        match function.kind().as_ref() {
            "identifier" => Some(function.text().to_string()),
            "selector_expression" => Some(function.field("field")?.text().to_string()),
            _ => None,
        }
    });
    if wanted.iter().any(|w| *w) {
        let mut globals = State::default();
        ctx.core.with_budget("<package>", 1, || {
            for declaration in named(root)
                .filter(|n| matches!(n.kind().as_ref(), "var_declaration" | "const_declaration"))
            {
                ctx.statement(&declaration, &mut globals);
            }
        });
        globals.ended = false;
        *ctx.globals.borrow_mut() = globals;
    }
    for ((_, function), wanted) in bodies.iter().zip(wanted) {
        if !wanted {
            continue;
        }
        let mut state = State::default();
        for parameter in parameters(function) {
            if (spec.is_source)(&parameter) {
                for name in parameter.field_children("name") {
                    state
                        .taint
                        .insert(name.text().to_string(), vec![line(&parameter)]);
                }
            }
        }
        ctx.run(function, state);
    }
    ctx.core.finish()
}

fn named<'r>(node: &GoNode<'r>) -> impl Iterator<Item = GoNode<'r>> {
    node.children()
        .filter(|c| c.is_named() && c.kind() != "comment")
}

fn parameters<'r>(function: &GoNode<'r>) -> Vec<GoNode<'r>> {
    function
        .field("parameters")
        .map(|p| named(&p).collect())
        .unwrap_or_default()
}

/// The names of each parameter position (`a, b string` is two positions).
fn parameter_names(function: &GoNode<'_>) -> Vec<String> {
    parameters(function)
        .iter()
        .flat_map(|p| {
            let names: Vec<String> = p
                .field_children("name")
                .map(|n| n.text().to_string())
                .collect();
            if names.is_empty() {
                vec![String::new()]
            } else {
                names
            }
        })
        .collect()
}

fn arguments<'r>(call: &GoNode<'r>) -> Vec<GoNode<'r>> {
    call.field("arguments")
        .map(|a| named(&a).collect())
        .unwrap_or_default()
}

/// The expressions of an `expression_list` (or the node itself).
fn list<'r>(node: &GoNode<'r>) -> Vec<GoNode<'r>> {
    if node.kind() == "expression_list" {
        named(node).collect()
    } else {
        vec![node.clone()]
    }
}

fn either(a: Option<Trace>, b: impl FnOnce() -> Option<Trace>) -> Option<Trace> {
    a.or_else(b)
}

impl<'r> Ctx<'r, '_> {
    fn run(&self, function: &GoNode<'r>, mut state: State) {
        let Some(body) = function.field("body") else {
            return;
        };
        super::inherit(
            &mut state,
            &self.globals.borrow(),
            &parameter_names(function),
        );
        let name = function
            .field("name")
            .map_or_else(|| "<func literal>".to_string(), |n| n.text().to_string());
        self.core
            .with_budget(&name, line(function), || self.statement(&body, &mut state));
    }

    /// The summary of the file's function or method a call reaches (`f(x)`, `s.f(x)`).
    fn summary(&self, call: &GoNode<'r>) -> Option<Rc<Summary>> {
        let function = call.field("function")?;
        let name = match function.kind().as_ref() {
            "identifier" => function.text().to_string(),
            "selector_expression" => function.field("field")?.text().to_string(),
            _ => return None,
        };
        self.core.summary(&name, |definition| {
            let positions: Vec<Vec<String>> = parameter_names(definition)
                .into_iter()
                .map(|n| if n.is_empty() { Vec::new() } else { vec![n] })
                .collect();
            self.core.summarise(&positions, line(definition), |state| {
                self.run(definition, state)
            })
        })
    }

    fn block(&self, node: &GoNode<'r>, state: &mut State) {
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

    fn statement(&self, node: &GoNode<'r>, state: &mut State) {
        let Some(_deeper) = Deeper::enter() else {
            return;
        };
        if !step() {
            return;
        }
        match node.kind().as_ref() {
            "block" | "statement_list" => self.block(node, state),
            "short_var_declaration" | "assignment_statement" => {
                let (Some(left), Some(right)) = (node.field("left"), node.field("right")) else {
                    return;
                };
                // The assignment itself may be a sink (`cfg.InsecureSkipVerify = v`).
                self.sinks(node, state);
                let compound = node.field("operator").is_some_and(|o| o.text() != "=")
                    && node.kind() == "assignment_statement";
                self.assign_lists(&list(&left), &list(&right), compound, state);
            }
            "var_declaration" | "const_declaration" => {
                for spec in node
                    .dfs()
                    .filter(|n| matches!(n.kind().as_ref(), "var_spec" | "const_spec"))
                {
                    let names: Vec<GoNode<'r>> = spec.field_children("name").collect();
                    match spec.field("value") {
                        Some(value) => {
                            self.sinks(&value, state);
                            self.assign_lists(&names, &list(&value), false, state);
                        }
                        None => {
                            for name in names {
                                bind(state, &name.text(), None, None);
                            }
                        }
                    }
                }
            }
            "expression_statement" | "go_statement" | "defer_statement" | "call_expression" => {
                self.sinks(node, state);
                // What a rule's propagators put into their receivers (`b.WriteString(x)`).
                for call in own_nodes(node, &["func_literal"]) {
                    if call.kind() == "call_expression" {
                        super::propagate(self.spec, &call, state, |n, s| self.expression(n, s));
                    }
                }
            }
            "if_statement" => self.if_statement(node, state),
            "expression_switch_statement" => self.switch(node, state),
            "for_statement" => self.looped(node, state),
            "return_statement" => {
                self.sinks(node, state);
                let values: Vec<GoNode<'r>> = named(node).flat_map(|v| list(&v)).collect();
                if let Some(trace) = values.iter().find_map(|v| self.expression(v, state)) {
                    self.core.returned(trace, line(node));
                }
                state.ended = true;
            }
            "labeled_statement" => {
                for child in named(node) {
                    self.statement(&child, state);
                }
            }
            _ => self.sinks(node, state),
        }
    }

    /// `a, b := f()`, `x = y`, `s += t`.
    fn assign_lists(
        &self,
        left: &[GoNode<'r>],
        right: &[GoNode<'r>],
        compound: bool,
        state: &mut State,
    ) {
        for (i, target) in left.iter().enumerate() {
            // One value per name, or one call giving them all.
            let value = if right.len() == left.len() {
                right.get(i)
            } else {
                right.first()
            };
            let Some(value) = value else { continue };
            let mut taint = self.expression(value, state);
            if compound {
                taint = either(taint, || self.expression(target, state));
            }
            let at = line(target);
            let trace = taint.map(|mut t| {
                t.push(at);
                t
            });
            match target.kind().as_ref() {
                "identifier" => {
                    let name = target.text().to_string();
                    if name == "_" {
                        continue;
                    }
                    let known = (!compound && right.len() == left.len())
                        .then(|| constant(value, state))
                        .flatten();
                    let seq = (!compound).then(|| self.sequence(value, state)).flatten();
                    let entries = (!compound).then(|| self.entries(value, state)).flatten();
                    let itemised = seq.is_some() || entries.is_some();
                    bind(state, &name, trace.filter(|_| !itemised), known);
                    if let Some(seq) = seq {
                        state.seqs.insert(name.clone(), seq);
                    }
                    for (key, trace) in entries.unwrap_or_default() {
                        state.taint.insert(entry(&name, &key), trace);
                    }
                }
                "index_expression" => {
                    let (Some(operand), Some(index)) =
                        (target.field("operand"), target.field("index"))
                    else {
                        continue;
                    };
                    let base = operand.text().to_string();
                    let key = constant(&index, state);
                    if let (Some(seq), Some(Const::Int(i))) = (state.seqs.get_mut(&base), &key)
                        && let Ok(i) = usize::try_from(*i)
                        && i < seq.len()
                    {
                        seq[i] = trace;
                        continue;
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
                "selector_expression" => {
                    bind(state, &target.text(), trace, None);
                }
                _ => {}
            }
        }
    }

    fn sequence(&self, value: &GoNode<'r>, state: &State) -> Option<Vec<Option<Trace>>> {
        if super::taken_whole(self.spec, value) {
            return None;
        }
        if value.kind() != "composite_literal"
            || value
                .field("type")
                .is_none_or(|t| !matches!(t.kind().as_ref(), "slice_type" | "array_type"))
        {
            return None;
        }
        let body = value.field("body")?;
        let elements: Vec<GoNode<'r>> = named(&body).collect();
        if elements.iter().any(|e| e.kind() != "literal_element") {
            return None;
        }
        Some(elements.iter().map(|e| self.expression(e, state)).collect())
    }

    fn entries(&self, value: &GoNode<'r>, state: &State) -> Option<Vec<(Const, Trace)>> {
        if super::taken_whole(self.spec, value) {
            return None;
        }
        if value.kind() != "composite_literal"
            || value.field("type").is_none_or(|t| t.kind() != "map_type")
        {
            return None;
        }
        let body = value.field("body")?;
        let mut tainted = Vec::new();
        for element in named(&body) {
            if element.kind() != "keyed_element" {
                return None;
            }
            let mut parts = named(&element);
            let (key, item) = (parts.next()?, parts.next()?);
            let key = constant(&key, state)?;
            if let Some(trace) = self.expression(&item, state) {
                tainted.push((key, trace));
            }
        }
        Some(tainted)
    }

    fn if_statement(&self, node: &GoNode<'r>, state: &mut State) {
        if let Some(init) = node.field("initializer") {
            self.statement(&init, state);
        }
        let condition = node.field("condition");
        if let Some(condition) = &condition {
            self.sinks(condition, state);
        }
        let consequence = node.field("consequence");
        let alternative = node.field("alternative");
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

    fn switch(&self, node: &GoNode<'r>, state: &mut State) {
        if let Some(init) = node.field("initializer") {
            self.statement(&init, state);
        }
        let subject = node.field("value");
        if let Some(subject) = &subject {
            self.sinks(subject, state);
        }
        let value = subject.as_ref().and_then(|s| constant(s, state));
        let cases: Vec<GoNode<'r>> = named(node)
            .filter(|c| matches!(c.kind().as_ref(), "expression_case" | "default_case"))
            .collect();
        let matches = |case: &GoNode<'r>, value: &Const| {
            case.field("value").is_some_and(|v| {
                list(&v)
                    .iter()
                    .any(|l| constant(l, state).as_ref() == Some(value))
            })
        };
        let default = cases.iter().position(|c| c.kind() == "default_case");
        let chosen: Vec<usize> = match &value {
            Some(value) => cases
                .iter()
                .position(|c| matches(c, value))
                .or(default)
                .into_iter()
                .collect(),
            None => (0..cases.len()).collect(),
        };
        let mut merged: Option<State> = None;
        for i in chosen {
            let mut arm = state.clone();
            let label = cases[i].field("value").map(|v| v.range());
            for part in named(&cases[i]).filter(|p| Some(p.range()) != label) {
                self.statement(&part, &mut arm);
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

    fn looped(&self, node: &GoNode<'r>, state: &mut State) {
        for clause in named(node) {
            match clause.kind().as_ref() {
                "range_clause" => {
                    if let (Some(left), Some(right)) = (clause.field("left"), clause.field("right"))
                    {
                        self.sinks(&right, state);
                        let taint = self.expression(&right, state);
                        for name in list(&left) {
                            bind(state, &name.text(), taint.clone(), None);
                        }
                    }
                }
                "for_clause" => {
                    if let Some(init) = clause.field("initializer") {
                        self.statement(&init, state);
                    }
                }
                _ => {}
            }
        }
        let Some(body) = node.field("body") else {
            return;
        };
        let before = state.clone();
        let mut looped = state.clone();
        for _ in 0..2 {
            looped.ended = false;
            self.statement(&body, &mut looped);
        }
        looped.ended = false;
        *state = before.merge(looped);
    }

    fn sinks(&self, node: &GoNode<'r>, state: &State) {
        for candidate in own_nodes(node, &["func_literal"]) {
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
                || arguments(&candidate),
                |part| self.expression(part, state),
            );
        }
    }

    fn expression(&self, node: &GoNode<'r>, state: &State) -> Option<Trace> {
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
            "selector_expression" => read(&node.text(), state)
                .or_else(|| self.expression(&node.field("operand")?, state)),
            "index_expression" => {
                let operand = node.field("operand")?;
                let base = operand.text().to_string();
                let key = node.field("index").and_then(|i| constant(&i, state));
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
                    _ => self.expression(&operand, state),
                }
            }
            "call_expression" => self.call(node, state),
            "binary_expression" => {
                let operator = node.field("operator").map(|o| o.text().to_string());
                if operator.as_deref() != Some("+") {
                    return None;
                }
                either(self.expression(&node.field("left")?, state), || {
                    self.expression(&node.field("right")?, state)
                })
            }
            "func_literal"
            | "interpreted_string_literal"
            | "raw_string_literal"
            | "rune_literal"
            | "int_literal"
            | "float_literal"
            | "true"
            | "false"
            | "nil"
            | "unary_expression" => {
                if node.kind() == "unary_expression"
                    && node
                        .field("operator")
                        .is_some_and(|o| o.text() == "&" || o.text() == "*")
                {
                    return self.expression(&node.field("operand")?, state);
                }
                None
            }
            "composite_literal" => node.field("body").and_then(|b| self.expression(&b, state)),
            _ => named(node).find_map(|c| self.expression(&c, state)),
        }
    }

    fn call(&self, node: &GoNode<'r>, state: &State) -> Option<Trace> {
        let function = node.field("function")?;
        let args = arguments(node);
        if let Some(summary) = self.summary(node) {
            let tainted = args
                .iter()
                .enumerate()
                .filter_map(|(i, a)| Some((i, self.expression(a, state)?)));
            return self.core.apply(&summary, tainted, node);
        }
        // `len(x)`, `strings.Contains(x, y)`: measures, not the value.
        let name = function.text();
        if matches!(name.as_ref(), "len" | "cap")
            || name.ends_with(".Contains")
            || name.ends_with(".HasPrefix")
            || name.ends_with(".HasSuffix")
            || name.ends_with(".Index")
            || name.ends_with(".MatchString")
        {
            return None;
        }
        let receiver = match function.kind().as_ref() {
            "selector_expression" => Some(function.clone()),
            _ => None,
        };
        either(receiver.and_then(|r| self.expression(&r, state)), || {
            args.iter().find_map(|a| self.expression(a, state))
        })
    }
}

fn constant(node: &GoNode<'_>, state: &State) -> Option<Const> {
    let _deeper = Deeper::enter()?;
    match node.kind().as_ref() {
        "int_literal" => node.text().replace('_', "").parse().ok().map(Const::Int),
        "true" => Some(Const::Bool(true)),
        "false" => Some(Const::Bool(false)),
        "interpreted_string_literal" => {
            if node.children().any(|c| c.kind() == "escape_sequence") {
                return None;
            }
            Some(Const::Str(
                node.children()
                    .filter(|c| c.kind() == "interpreted_string_literal_content")
                    .map(|c| c.text().to_string())
                    .collect(),
            ))
        }
        "raw_string_literal" => Some(Const::Str(node.text().trim_matches('`').to_string())),
        "identifier" => state.consts.get(node.text().as_ref()).cloned(),
        "parenthesized_expression" | "literal_element" => {
            named(node).next().and_then(|c| constant(&c, state))
        }
        "unary_expression" => {
            let operand = constant(&node.field("operand")?, state)?;
            match (node.field("operator")?.text().as_ref(), operand) {
                ("-", Const::Int(i)) => i.checked_neg().map(Const::Int),
                ("!", Const::Bool(b)) => Some(Const::Bool(!b)),
                _ => None,
            }
        }
        "binary_expression" => {
            let operator = node.field("operator")?.text().to_string();
            let a = constant(&node.field("left")?, state)?;
            let b = constant(&node.field("right")?, state)?;
            fold(&operator, a, b, Division::Truncating)
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

    /// Flows of `code` with `r.FormValue(...)` as the source, `strconv.Atoi` the sanitizer and
    /// the first argument of `db.Query(...)` the sink: (source line, sink line).
    fn flows(code: &str) -> Vec<(u32, u32)> {
        let root = SupportLang::Go.ast_grep(code);
        let is_source = |n: &GoNode<'_>| {
            n.kind() == "call_expression"
                && n.field("function")
                    .is_some_and(|f| f.text() == "r.FormValue")
        };
        let is_sanitizer = |n: &GoNode<'_>| {
            n.kind() == "call_expression"
                && n.field("function")
                    .is_some_and(|f| f.text() == "strconv.Atoi")
        };
        let sink_arguments = |n: &GoNode<'_>| {
            if n.kind() != "call_expression" {
                return None;
            }
            if n.field("function")?.text() != "db.Query" {
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

    #[test]
    fn taint_flows_and_is_killed() {
        let code = "package main\nfunc h(w http.ResponseWriter, r *http.Request) {\n\tid := r.FormValue(\"id\")\n\tq := \"SELECT \" + id\n\trows, err := db.Query(q)\n\tn, _ := strconv.Atoi(id)\n\tdb.Query(fmt.Sprintf(\"SELECT %d\", n))\n\tparts := []string{\"safe\", id}\n\tdb.Query(parts[0])\n\tm := map[string]string{\"a\": \"x\", \"b\": id}\n\tdb.Query(m[\"a\"])\n\tvar bar string\n\tif 7*42-86 > 200 { bar = \"always\" } else { bar = id }\n\tdb.Query(bar)\n\tdb.Query(build(id))\n}\nfunc build(s string) string { return \"x\" + s }\n";
        assert_eq!(flows(code), [(3, 5), (3, 15)]);
    }

    #[test]
    fn switches_pick_their_case() {
        let code = "package main\nfunc h(r *http.Request) {\n\tp := r.FormValue(\"p\")\n\tbar := \"\"\n\tswitch \"B\" {\n\tcase \"A\":\n\t\tbar = p\n\tcase \"B\", \"C\":\n\t\tbar = \"bob\"\n\tdefault:\n\t\tbar = p\n\t}\n\tdb.Query(bar)\n\tswitch x {\n\tcase 1:\n\t\tbar = p\n\t}\n\tdb.Query(bar)\n}\n";
        assert_eq!(flows(code), [(3, 18)]);
    }
}
