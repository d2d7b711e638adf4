"""Every diagnostic code spm-site can emit, read from its own source.

A code reaches a finding as the rule argument of `Diagnostic(...)`, or printed into a message as
`error[code]`. The argument is often a variable: a parameter of a helper (`reader.error(mark,
"tab", ...)`), a name assigned in branches, an element of a tuple a helper returns. The scan
follows each such value back to its string constants, so a new code is found wherever it is
written. What it cannot follow is listed in `unresolved`, and the tests require that list empty:
a code computed at run time would otherwise escape the check that every code has a doc.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "spm_site"
#: What `rule.NAME` stands for: an alignment rule, documented by its module's docstring.
ALIGNMENT = "<alignment rule>"
_PRINTED = re.compile(r"(?:error|warning|info)\[([a-z][a-z0-9-]*)\]")
_FUNCTION = (ast.FunctionDef, ast.AsyncFunctionDef)


class Scan:
    """The package's syntax trees, and the codes found in them with where each is written."""

    def __init__(self, root: Path = PACKAGE) -> None:
        self.root = root
        self.trees = {p: ast.parse(p.read_text(encoding="utf-8")) for p in sorted(root.rglob("*.py"))}
        self.parent: dict[ast.AST, ast.AST] = {}
        self.module: dict[ast.AST, Path] = {}
        self.functions: dict[str, list[ast.AST]] = {}
        for path, tree in self.trees.items():
            for node in ast.walk(tree):
                self.module[node] = path
                for child in ast.iter_child_nodes(node):
                    self.parent[child] = node
                if isinstance(node, _FUNCTION):
                    self.functions.setdefault(node.name, []).append(node)
        self.codes: dict[str, set[str]] = {}
        self.unresolved: list[str] = []
        self._active: set[tuple[int, int | None]] = set()
        for tree in self.trees.values():
            for node in ast.walk(tree):
                self._visit(node)

    def where(self, node: ast.AST) -> str:
        return f"{self.module[node].relative_to(self.root.parent).as_posix()}:{getattr(node, 'lineno', '?')}"

    def _found(self, values: set[str], node: ast.AST) -> None:
        for value in values:
            self.codes.setdefault(value, set()).add(self.where(node))

    # --- where codes are written --------------------------------------------------------------
    def _visit(self, node: ast.AST) -> None:
        if isinstance(node, ast.Call) and _callee(node) == "Diagnostic":
            arg = node.args[1] if len(node.args) > 1 else next((k.value for k in node.keywords if k.arg == "rule"), None)
            if arg is not None:
                self._found(self.values(arg), node)
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and not self._docstring(node):
            self._found(set(_PRINTED.findall(node.value)), node)
        elif isinstance(node, ast.JoinedStr):
            for before, part in zip(node.values, node.values[1:]):
                if (isinstance(before, ast.Constant) and isinstance(part, ast.FormattedValue)
                        and re.search(r"(?:error|warning|info)\[$", str(before.value))):
                    self._found(self.values(part.value), node)

    def _docstring(self, node: ast.Constant) -> bool:
        holder = self.parent.get(node)
        return isinstance(holder, ast.Expr)

    # --- what an expression can be ----------------------------------------------------------------
    def values(self, expr: ast.AST, index: int | None = None) -> set[str]:
        """The strings `expr` (or its element `index`, for a tuple) can hold; what cannot be followed is noted."""
        key = (id(expr), index)
        if key in self._active:  # a recursive helper: its other paths give the answer
            return set()
        self._active.add(key)
        try:
            return self._values(expr, index)
        finally:
            self._active.discard(key)

    def _values(self, expr: ast.AST, index: int | None) -> set[str]:
        if isinstance(expr, ast.Constant):
            if expr.value is None:
                return set()
            if isinstance(expr.value, str) and index is None:
                return {expr.value}
        elif isinstance(expr, ast.Tuple) and index is not None and index < len(expr.elts):
            return self.values(expr.elts[index])
        elif isinstance(expr, ast.IfExp):
            return self.values(expr.body, index) | self.values(expr.orelse, index)
        elif isinstance(expr, ast.Attribute) and expr.attr == "NAME" and index is None:
            return {ALIGNMENT}
        elif isinstance(expr, ast.Name):
            return self._name(expr, index)
        elif isinstance(expr, ast.Call):
            targets = self._targets(expr)
            if targets:
                return set().union(*(self._returns(f, index) for f in targets))
        self.unresolved.append(f"{self.where(expr)}: {ast.unparse(expr)}")
        return set()

    def _returns(self, function: ast.AST, index: int | None) -> set[str]:
        found: set[str] = set()
        for node in ast.walk(function):
            if isinstance(node, ast.Return) and node.value is not None and self._enclosing(node) is function:
                found |= self.values(node.value, index)
        return found

    def _name(self, name: ast.Name, index: int | None) -> set[str]:
        function = self._enclosing(name)
        scope = function if function is not None else self.trees[self.module[name]]
        found: set[str] = set()
        assigned = False
        for node in ast.walk(scope):
            if not isinstance(node, ast.Assign) or (function is not None and self._enclosing(node) is not function):
                continue
            for target in node.targets:
                if isinstance(target, ast.Name) and target.id == name.id:
                    assigned = True
                    found |= self.values(node.value, index)
                elif isinstance(target, ast.Tuple):
                    for i, element in enumerate(target.elts):
                        if isinstance(element, ast.Name) and element.id == name.id:
                            assigned = True
                            found |= self._element(node, i)
        if function is not None and name.id in _parameters(function):
            return found | self._arguments(function, name.id, index)
        if not assigned and function is not None:
            return self._module_value(name, index)
        return found

    def _element(self, assign: ast.Assign, i: int) -> set[str]:
        """Element `i` of a tuple assignment; a bare name there is narrowed by an `if name in TABLE:` around it."""
        value = assign.value
        part = value.elts[i] if isinstance(value, ast.Tuple) and i < len(value.elts) else None
        if isinstance(part, ast.Name):
            table = self._guard(assign, part.id)
            if table is not None:
                return table
            return self.values(part)
        return self.values(part) if part is not None else self.values(value, i)

    def _guard(self, node: ast.AST, name: str) -> set[str] | None:
        """The keys of TABLE when `node` lies in the body of `if name in TABLE:` (TABLE a literal of the module)."""
        child, holder = node, self.parent.get(node)
        while holder is not None and not isinstance(holder, _FUNCTION):
            test = getattr(holder, "test", None)
            if isinstance(holder, ast.If) and child in holder.body and isinstance(test, ast.Compare) \
                    and isinstance(test.left, ast.Name) and test.left.id == name \
                    and isinstance(test.ops[0], ast.In) and isinstance(test.comparators[0], ast.Name):
                return self._table(self.module[node], test.comparators[0].id)
            child, holder = holder, self.parent.get(holder)
        return None

    def _table(self, path: Path, name: str) -> set[str]:
        for node in self.trees[path].body:
            if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == name for t in node.targets):
                if isinstance(node.value, ast.Dict):
                    return set().union(*(self.values(k) for k in node.value.keys if k is not None))
                self.unresolved.append(f"{self.where(node)}: {name} is not a dict literal")
        return set()

    def _module_value(self, name: ast.Name, index: int | None) -> set[str]:
        for node in self.trees[self.module[name]].body:
            if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == name.id for t in node.targets):
                return self.values(node.value, index)
        self.unresolved.append(f"{self.where(name)}: {name.id}")
        return set()

    def _arguments(self, function: ast.AST, parameter: str, index: int | None) -> set[str]:
        """What the callers of `function` pass as `parameter`, and its default."""
        args = function.args
        positional = [a.arg for a in args.posonlyargs + args.args]
        found: set[str] = set()
        defaults = dict(zip(reversed(positional), reversed(args.defaults)))
        if parameter in defaults:
            found |= self.values(defaults[parameter], index)
        method = bool(positional) and positional[0] in ("self", "cls")
        position = positional.index(parameter) - method if parameter in positional else None
        for call in self._calls(function):
            passed = next((k.value for k in call.keywords if k.arg == parameter), None)
            if passed is None and position is not None and position < len(call.args):
                passed = call.args[position]
            if passed is not None:
                found |= self.values(passed, index)
        return found

    # --- which function a call reaches ----------------------------------------------------------------
    def _targets(self, call: ast.Call) -> list[ast.AST]:
        """The package's functions a call can reach: of that name in the caller's module, else imported by name."""
        name = _callee(call)
        candidates = self.functions.get(name or "", [])
        here = [f for f in candidates if self.module[f] == self.module[call]]
        return here or [f for f in candidates if self._imports(self.module[call], f, call)]

    def _imports(self, path: Path, function: ast.AST, call: ast.Call) -> bool:
        source = self.module[function].stem
        for node in ast.walk(self.trees[path]):
            if isinstance(node, ast.ImportFrom):
                names = {a.asname or a.name for a in node.names}
                if function.name in names and (node.module or "").rsplit(".", 1)[-1] == source:
                    return True
                if isinstance(call.func, ast.Attribute) and source in names:
                    return True
        return False

    def _calls(self, function: ast.AST) -> list[ast.Call]:
        return [node for tree in self.trees.values() for node in ast.walk(tree)
                if isinstance(node, ast.Call) and _callee(node) == function.name and function in self._targets(node)]

    def _enclosing(self, node: ast.AST) -> ast.AST | None:
        node = self.parent.get(node)
        while node is not None and not isinstance(node, _FUNCTION):
            node = self.parent.get(node)
        return node


def _callee(call: ast.Call) -> str | None:
    func = call.func
    return func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else None


def _parameters(function: ast.AST) -> set[str]:
    a = function.args
    return {x.arg for x in a.posonlyargs + a.args + a.kwonlyargs}
