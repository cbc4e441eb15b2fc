//! Data flow inside a Python function (see the module above for what a flow is).

use super::{
    AstNode as PyNode, Const, Deeper, Flow, SinkArgs, Spec, State, TooBig, Trace, entry,
    fresh_budget, line, resume_budget, step,
};

/// Analyse every function (and the module's own statements) of a Python tree.
pub fn analyze(root: &PyNode<'_>, spec: &Spec<'_>) -> (Vec<Flow>, Vec<TooBig>) {
    let mut flows = Vec::new();
    let mut too_big = Vec::new();
    let functions = root
        .dfs()
        .filter(|node| node.kind() == "function_definition")
        .filter_map(|node| Some((node.field("body")?, node)));
    for (body, function) in std::iter::once((root.clone(), root.clone())).chain(functions) {
        let spent = fresh_budget();
        block(&body, &mut State::default(), spec, &mut flows);
        if resume_budget(spent) {
            too_big.push(TooBig {
                function: function
                    .field("name")
                    .map_or_else(|| "<module>".to_string(), |n| n.text().to_string()),
                line: line(&function),
            });
        }
    }
    flows.sort_by_key(|f| (f.sink.start, f.source_line));
    flows.dedup_by(|a, b| a.sink == b.sink);
    flows.sort_by_key(|f| (f.sink_line, f.source_line));
    (flows, too_big)
}

/// The statements of a block, in order.
fn block(node: &PyNode<'_>, state: &mut State, spec: &Spec<'_>, flows: &mut Vec<Flow>) {
    let Some(_deeper) = Deeper::enter() else {
        return;
    };
    for child in node.children().filter(|c| c.is_named()) {
        if state.ended {
            return;
        }
        statement(&child, state, spec, flows);
    }
}

fn statement(node: &PyNode<'_>, state: &mut State, spec: &Spec<'_>, flows: &mut Vec<Flow>) {
    if !step() {
        return;
    }
    match node.kind().as_ref() {
        // Analysed on their own.
        "function_definition" | "class_definition" | "decorated_definition" => {}
        "if_statement" => if_statement(node, state, spec, flows),
        "match_statement" => {
            // Each case on its own state, merged after (a case's guard is not decided).
            if let Some(subject) = node.field("subject") {
                sinks(&subject, state, spec, flows);
            }
            let cases: Vec<PyNode<'_>> = node.dfs().filter(|n| n.kind() == "case_clause").collect();
            let mut merged: Option<State> = None;
            for case in cases {
                let mut arm = state.clone();
                if let Some(body) = case.field("consequence") {
                    block(&body, &mut arm, spec, flows);
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
        "for_statement" | "while_statement" => {
            if node.kind() == "for_statement"
                && let (Some(target), Some(iterable)) = (node.field("left"), node.field("right"))
            {
                sinks(&iterable, state, spec, flows);
                let taint = expression(&iterable, state, spec);
                assign(&target, taint, None, state);
            }
            if let Some(condition) = node.field("condition") {
                sinks(&condition, state, spec, flows);
            }
            // Twice, so that what one iteration taints reaches the next; a loop may also not
            // run at all.
            if let Some(body) = node.field("body") {
                let before = state.clone();
                let mut looped = state.clone();
                for _ in 0..2 {
                    looped.ended = false;
                    block(&body, &mut looped, spec, flows);
                }
                looped.ended = false;
                *state = before.merge(looped);
            }
        }
        "try_statement" => {
            let before = state.clone();
            let mut merged: Option<State> = None;
            for child in node.children().filter(|c| c.is_named()) {
                match child.kind().as_ref() {
                    "block" => block(&child, state, spec, flows),
                    "except_clause" | "except_group_clause" => {
                        // A handler runs on what the body may have done so far.
                        let mut handler = before.clone().merge(state.clone());
                        handler.ended = false;
                        for part in child.children().filter(|c| c.kind() == "block") {
                            block(&part, &mut handler, spec, flows);
                        }
                        merged = Some(match merged {
                            Some(m) => m.merge(handler),
                            None => handler,
                        });
                    }
                    "else_clause" | "finally_clause" => {
                        for part in child.children().filter(|c| c.kind() == "block") {
                            block(&part, state, spec, flows);
                        }
                    }
                    _ => {}
                }
            }
            if let Some(m) = merged {
                *state = state.clone().merge(m);
            }
        }
        "with_statement" => {
            for child in node.children().filter(|c| c.is_named()) {
                match child.kind().as_ref() {
                    "block" => block(&child, state, spec, flows),
                    _ => {
                        sinks(&child, state, spec, flows);
                        // `with open(p) as f`: f carries what open(p) does.
                        for item in child.dfs().filter(|n| n.kind() == "as_pattern") {
                            if let (Some(value), Some(alias)) =
                                (item.children().find(|c| c.is_named()), item.field("alias"))
                            {
                                let taint = expression(&value, state, spec);
                                let inner = alias.children().find(|c| c.is_named());
                                let target = inner.unwrap_or_else(|| alias.clone());
                                assign(&target, taint, None, state);
                            }
                        }
                    }
                }
            }
        }
        "return_statement" | "raise_statement" => {
            sinks(node, state, spec, flows);
            state.ended = true;
        }
        "expression_statement" => {
            for child in node.children().filter(|c| c.is_named()) {
                sinks(&child, state, spec, flows);
                match child.kind().as_ref() {
                    "assignment" => assignment(&child, state, spec),
                    "augmented_assignment" => {
                        if let (Some(left), Some(right)) =
                            (child.field("left"), child.field("right"))
                        {
                            let mut taint = expression(&right, state, spec);
                            if taint.is_none() {
                                taint = expression(&left, state, spec);
                            }
                            assign(&left, taint, None, state);
                        }
                    }
                    "call" => container_call(&child, state, spec),
                    _ => {}
                }
            }
        }
        _ => sinks(node, state, spec, flows),
    }
}

fn if_statement(node: &PyNode<'_>, state: &mut State, spec: &Spec<'_>, flows: &mut Vec<Flow>) {
    // (condition, body) of the if and each elif, then the else's body.
    let mut arms: Vec<(Option<PyNode<'_>>, Option<PyNode<'_>>)> =
        vec![(node.field("condition"), node.field("consequence"))];
    let mut otherwise = None;
    for child in node.field_children("alternative") {
        match child.kind().as_ref() {
            "elif_clause" => arms.push((child.field("condition"), child.field("consequence"))),
            "else_clause" => otherwise = child.field("body"),
            _ => {}
        }
    }
    let mut merged: Option<State> = None;
    let mut all_decided_false = true;
    for (condition, body) in arms {
        if let Some(condition) = &condition {
            sinks(condition, state, spec, flows);
        }
        match condition.as_ref().and_then(|c| constant(c, state)) {
            Some(Const::Bool(false)) => continue,
            Some(Const::Bool(true)) if all_decided_false => {
                // This branch is the one that runs.
                if let Some(body) = body {
                    block(&body, state, spec, flows);
                }
                return;
            }
            _ => all_decided_false = false,
        }
        let mut arm = state.clone();
        if let Some(body) = body {
            block(&body, &mut arm, spec, flows);
        }
        merged = Some(match merged {
            Some(m) => m.merge(arm),
            None => arm,
        });
    }
    let mut rest = state.clone();
    if let Some(body) = otherwise {
        block(&body, &mut rest, spec, flows);
    }
    *state = match merged {
        Some(m) if all_decided_false => rest.merge(m),
        Some(m) => m.merge(rest),
        None => rest,
    };
}

fn assignment(node: &PyNode<'_>, state: &mut State, spec: &Spec<'_>) {
    let (Some(left), Some(right)) = (node.field("left"), node.field("right")) else {
        return;
    };
    // `a = b = value`
    let value = if right.kind() == "assignment" {
        assignment(&right, state, spec);
        right.field("left")
    } else {
        Some(right)
    };
    let Some(value) = value else { return };
    let taint = expression(&value, state, spec);
    let known = constant(&value, state);
    assign(&left, taint, known, state);
}

/// Bind `target` (a name, a tuple of names, `name[CONST]`, `obj.attr`) to a value.
fn assign(target: &PyNode<'_>, taint: Option<Trace>, known: Option<Const>, state: &mut State) {
    let at = line(target);
    match target.kind().as_ref() {
        "identifier" => {
            let name = target.text().to_string();
            // A new value replaces the old, and what was said of its entries.
            let prefix = format!("{name}[");
            state.taint.retain(|k, _| !k.starts_with(&prefix));
            match taint {
                Some(mut trace) => {
                    trace.push(at);
                    state.taint.insert(name.clone(), trace);
                }
                None => {
                    state.taint.remove(&name);
                }
            }
            match known {
                Some(c) => {
                    state.consts.insert(name, c);
                }
                None => {
                    state.consts.remove(&name);
                }
            }
        }
        "pattern_list" | "tuple_pattern" | "list_pattern" | "tuple" | "list" => {
            for part in target.children().filter(|c| c.is_named()) {
                assign(&part, taint.clone(), None, state);
            }
        }
        "subscript" => {
            let (Some(container), Some(key)) = (target.field("value"), target.field("subscript"))
            else {
                return;
            };
            let base = container.text().to_string();
            match constant(&key, state).map(|k| entry(&base, &k)) {
                // A constant key: that entry alone.
                Some(name) => match taint {
                    Some(mut trace) => {
                        trace.push(at);
                        state.taint.insert(name, trace);
                    }
                    None => {
                        state.taint.remove(&name);
                    }
                },
                // Any key: the whole container may now hold it.
                None => {
                    if let Some(mut trace) = taint {
                        trace.push(at);
                        state.taint.insert(base, trace);
                    }
                }
            }
        }
        "attribute" => {
            let name = target.text().to_string();
            match taint {
                Some(mut trace) => {
                    trace.push(at);
                    state.taint.insert(name, trace);
                }
                None => {
                    state.taint.remove(&name);
                }
            }
        }
        _ => {}
    }
}

/// `items.append(x)`, `items.insert(i, x)`, `d.update(...)`, `d.setdefault(k, x)`: the
/// container carries what is put in it.
fn container_call(call: &PyNode<'_>, state: &mut State, spec: &Spec<'_>) {
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
    if !matches!(
        method.text().as_ref(),
        "append" | "extend" | "insert" | "add" | "update" | "setdefault" | "appendleft"
    ) {
        return;
    }
    let taint = call
        .field("arguments")
        .and_then(|args| expression(&args, state, spec));
    if let Some(mut trace) = taint {
        trace.push(line(call));
        state.taint.insert(object.text().to_string(), trace);
    }
}

/// Every sink call in `node` (not in nested functions) whose checked arguments carry taint.
fn sinks(node: &PyNode<'_>, state: &State, spec: &Spec<'_>, flows: &mut Vec<Flow>) {
    for candidate in node.dfs() {
        if matches!(
            candidate.kind().as_ref(),
            "lambda" | "function_definition" | "class_definition"
        ) {
            continue;
        }
        let Some(parts) = (spec.sink_arguments)(&candidate) else {
            continue;
        };
        let arguments: Vec<PyNode<'_>> = match parts {
            SinkArgs::All => candidate
                .field("arguments")
                .map(|a| a.children().filter(|c| c.is_named()).collect())
                .unwrap_or_default(),
            SinkArgs::Ranges(ranges) => ranges
                .iter()
                .filter_map(|r| candidate.dfs().find(|n| n.range() == *r))
                .collect(),
        };
        for argument in arguments {
            if let Some(mut trace) = expression(&argument, state, spec) {
                let sink_line = line(&candidate);
                if trace.last() != Some(&sink_line) {
                    trace.push(sink_line);
                }
                flows.push(Flow {
                    source_line: trace.first().copied().unwrap_or(sink_line),
                    sink_line,
                    sink: candidate.range(),
                    trace,
                });
                break;
            }
        }
    }
}

/// The taint an expression carries, if any: the trace of one of its tainted parts.
fn expression(node: &PyNode<'_>, state: &State, spec: &Spec<'_>) -> Option<Trace> {
    let _deeper = Deeper::enter()?;
    if !step() {
        return None;
    }
    if (spec.is_source)(node) {
        return Some(vec![line(node)]);
    }
    if (spec.is_sanitizer)(node) {
        return None;
    }
    match node.kind().as_ref() {
        "identifier" => state.taint.get(node.text().as_ref()).cloned(),
        "attribute" => state.taint.get(node.text().as_ref()).cloned().or_else(|| {
            node.field("object")
                .and_then(|o| expression(&o, state, spec))
        }),
        "subscript" => {
            let container = node.field("value")?;
            let base = container.text().to_string();
            match node
                .field("subscript")
                .and_then(|k| constant(&k, state))
                .map(|k| entry(&base, &k))
            {
                // A constant key: that entry's taint, or the container's as a whole.
                Some(name) => state
                    .taint
                    .get(&name)
                    .cloned()
                    .or_else(|| state.taint.get(&base).cloned())
                    .or_else(|| (spec.is_source)(&container).then(|| vec![line(node)])),
                None => expression(&container, state, spec).or_else(|| {
                    let prefix = format!("{base}[");
                    state
                        .taint
                        .iter()
                        .find(|(k, _)| k.starts_with(&prefix))
                        .map(|(_, t)| t.clone())
                }),
            }
        }
        "call" => {
            // `d.get(CONST)` of a container: that entry, as a subscript would.
            if let Some(function) = node.field("function")
                && function.kind() == "attribute"
                && let (Some(object), Some(method)) =
                    (function.field("object"), function.field("attribute"))
                && method.text() == "get"
                && let Some(key) = node
                    .field("arguments")
                    .and_then(|a| a.children().find(|c| c.is_named()))
                    .and_then(|k| constant(&k, state))
                && !(spec.is_source)(&object)
                && state
                    .taint
                    .keys()
                    .any(|k| k.starts_with(&format!("{}[", object.text())))
            {
                return state
                    .taint
                    .get(&entry(&object.text(), &key))
                    .cloned()
                    .or_else(|| state.taint.get(object.text().as_ref()).cloned());
            }
            node.children()
                .filter(|c| c.is_named())
                .find_map(|c| expression(&c, state, spec))
        }
        "lambda"
        | "function_definition"
        | "integer"
        | "float"
        | "true"
        | "false"
        | "none"
        | "comment" => None,
        _ => node
            .children()
            .filter(|c| c.is_named())
            .find_map(|c| expression(&c, state, spec)),
    }
}

/// The value of an expression made of constants (literals, constant names, arithmetic,
/// comparisons, `not`/`and`/`or`), if it is one.
fn constant(node: &PyNode<'_>, state: &State) -> Option<Const> {
    let _deeper = Deeper::enter()?;
    match node.kind().as_ref() {
        "integer" => node.text().replace('_', "").parse().ok().map(Const::Int),
        "true" => Some(Const::Bool(true)),
        "false" => Some(Const::Bool(false)),
        "string" => {
            // A plain literal only (no interpolation).
            if node.children().any(|c| c.kind() == "interpolation") {
                return None;
            }
            let content: String = node
                .children()
                .filter(|c| c.kind() == "string_content")
                .map(|c| c.text().to_string())
                .collect();
            Some(Const::Str(content))
        }
        "identifier" => state.consts.get(node.text().as_ref()).cloned(),
        "parenthesized_expression" => node
            .children()
            .find(|c| c.is_named())
            .and_then(|c| constant(&c, state)),
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
            // `a < b` (chains are left undecided).
            let operands: Vec<PyNode<'_>> = node.children().filter(|c| c.is_named()).collect();
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
        let spec = Spec {
            is_source: &is_source,
            is_sanitizer: &is_sanitizer,
            sink_arguments: &sink_arguments,
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
