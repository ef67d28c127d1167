// Test-only (never shipped): evaluates a set of requests against the policies given with each, with
// @cloud-copilot/iam-simulate (AGPL-3.0-or-later), and prints one decision per request as JSON.
//
//   node evaluate.mjs <requests.json> [<out.json>]
//
// <requests.json>: {"requests": [{"id": "...", "simulation": <iam-simulate Simulation>}, ...]}
// Output (stdout, or <out.json>): {"results": [{"id", "result", "ignoredContextKeys", "errors"}]}
//   result: Allowed | ExplicitlyDenied | ImplicitlyDenied, or "Error" when iam-simulate rejected the input
//   (a policy it cannot parse, an unknown action, a resource of no type for the action): "errors" says why.
//   ignoredContextKeys: context keys iam-simulate dropped because the action does not know them; a caller
//   must treat a non-empty list as a broken request (a condition on a dropped key would not be evaluated).
//   A simulation may list "unvalidatedContextKeys": keys AWS sends but iam-simulate's validation does not
//   recognise (0.1.173 drops kms:EncryptionContext:<key>, a key with a variable part after a colon). The
//   request is then validated with runSimulation (policies, action, resource), and when the keys it dropped
//   are exactly among those listed, decided with runUnsafeSimulation on the full context; "evaluatedWith"
//   says which.
// Exit status: 0 when every request was evaluated, 1 when any request was an error, 2 on bad usage or input.
import { readFileSync, writeFileSync } from 'node:fs'
import { runSimulation, runUnsafeSimulation } from '@cloud-copilot/iam-simulate'

const [input, output] = process.argv.slice(2)
if (!input) {
  console.error('usage: node evaluate.mjs <requests.json> [<out.json>]')
  process.exit(2)
}
let requests
try {
  requests = JSON.parse(readFileSync(input, 'utf8')).requests
} catch (e) {
  console.error(`${input}: cannot read the request set: ${e.message}`)
  process.exit(2)
}
if (!Array.isArray(requests)) {
  console.error(`${input}: expected {"requests": [...]}`)
  process.exit(2)
}

const results = []
let failed = false
for (const { id, simulation: given } of requests) {
  const { unvalidatedContextKeys = [], ...simulation } = given
  let response
  try {
    response = await runSimulation(simulation, { simulationMode: 'Strict' })
  } catch (e) {
    response = { resultType: 'error', errors: { message: `iam-simulate threw: ${e.message}` } }
  }
  if (response.resultType === 'error') {
    failed = true
    results.push({ id, result: 'Error', ignoredContextKeys: [], errors: response.errors })
    continue
  }
  const ignored =
    response.resultType === 'single'
      ? (response.result.ignoredContextKeys ?? [])
      : [...new Set(response.results.flatMap((r) => r.ignoredContextKeys ?? []))]
  const unexpected = ignored.filter((k) => !unvalidatedContextKeys.includes(k))
  if (ignored.length > 0 && unexpected.length === 0) {
    // runUnsafeSimulation loads the resource policy without a name, which its analysis needs: hand it the policy
    // runSimulation has just validated, as iam-policy's ValidatedPolicy (plain values), with a name.
    const unsafe = simulation.resourcePolicy
      ? {
          ...simulation,
          resourcePolicy: {
            __validated: true,
            policyDocument: simulation.resourcePolicy,
            metadata: { name: 'ResourcePolicy' },
            errors: []
          }
        }
      : simulation
    const result = runUnsafeSimulation(unsafe, { simulationMode: 'Strict' })
    results.push({
      id,
      result,
      ignoredContextKeys: [],
      evaluatedWith: `runUnsafeSimulation (validated with runSimulation; it does not know ${ignored.join(', ')})`
    })
  } else {
    results.push({ id, result: response.overallResult, ignoredContextKeys: unexpected, evaluatedWith: 'runSimulation' })
  }
}
const text = JSON.stringify({ results }, null, 2) + '\n'
if (output) {
  writeFileSync(output, text)
} else {
  process.stdout.write(text)
}
process.exit(failed ? 1 : 0)
