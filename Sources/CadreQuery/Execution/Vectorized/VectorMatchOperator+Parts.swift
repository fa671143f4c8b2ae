import CadreGraph
import Dispatch
import Synchronization

/// Large scans on every core: the scan is cut into contiguous parts, one per worker; each part
/// runs the whole pipeline (hops, WHERE, the MATCH clauses after) into an aggregation or top
/// rows of its own, with its own `VectorRun`; then the parts merge in scan order. Merging in
/// that order gives what one scan gives: groups in the order first seen, lists in row order,
/// ties in match order, and the first error in row order (a part stops once an earlier part
/// has failed).
///
/// Taken when the sink is an aggregation whose accumulators merge (and whose groups are not
/// nodes or relationships), or top rows, and every
/// kernel is the batch engine's own: the row engine's evaluator (`RowKernel`) runs on one
/// thread only.
extension VectorMatchOperator {
    /// How many parts `scan` is cut into: 1 unless it is large and the plan can be split.
    func partCount(_ scan: VectorScan) -> Int {
        guard options.workers > 1, scan.size >= options.parallelRows, splits else { return 1 }
        return min(options.workers, max(1, scan.size / max(options.parallelRows / 2, 1)))
    }

    /// Runs each part of `scan` on a worker, then merges the parts into this operator's state.
    func runInParts(_ option: VectorMatchPlan.Option, _ scan: VectorScan, _ filters: [[VectorExpression]], _ parts: Int,
                    _ context: ExecutionContext) throws {
        let workers = (0..<parts).map { part in
            let top = VectorTopK.State()
            top.sequence = part << 40
            return Part(Sink(run: VectorRun(context), aggregation: aggregation?.makeState(), top: top))
        }
        // The lowest part that failed: later parts stop, earlier ones go on (their error comes first).
        let failed = Mutex(Int.max)
        // Shared read-only by the workers: the plan, its kernels and the graph are not changed
        // while they run; what they change is each one's own `Part`.
        let shared = Shared(operator: self, option: option, scan: scan, filters: filters, context: context, workers: workers)
        DispatchQueue.concurrentPerform(iterations: parts) { part in
            let worker = shared.workers[part]
            do {
                _ = try shared.scan.forEachBatch(part: part, of: parts) { start in
                    guard failed.withLock({ $0 }) > part else { return false }
                    return try shared.operator.hop(shared.option.expands[...], start, worker.sink.run, shared.filters) {
                        try shared.operator.consume($0, &worker.sink, shared.context)
                    }
                }
            } catch {
                worker.error = error
                failed.withLock { $0 = min($0, part) }
            }
        }
        if let error = workers.lazy.compactMap(\.error).first { throw error }
        var merged = workers[0].sink
        for worker in workers.dropFirst() {
            if let aggregation { try aggregation.merge(worker.sink.aggregation!, into: &merged.aggregation!, context.graph) }
            if let topK { try topK.merge(worker.sink.top, into: &merged.top, merged.run) }
        }
        (state, topState) = (merged.aggregation, merged.top)
    }

    private struct Shared: @unchecked Sendable {
        let `operator`: VectorMatchOperator
        let option: VectorMatchPlan.Option
        let scan: VectorScan
        let filters: [[VectorExpression]]
        let context: ExecutionContext
        let workers: [Part]
    }

    /// One worker's sink and error; only its worker touches it until all are done.
    final class Part: @unchecked Sendable {
        var sink: Sink
        var error: Error?

        init(_ sink: Sink) { self.sink = sink }
    }

    /// True when the plan's kernels are all the batch engine's own and its sink merges.
    static func splits(_ plan: VectorMatchPlan, _ aggregation: VectorAggregation?, _ topK: VectorTopK?) -> Bool {
        // A `WITH DISTINCT` keeps the first row of each combination over the whole scan; a
        // match run once per row before it keeps its state across the runs.
        if plan.optionals.contains(where: { $0.distinctSlots != nil }) || plan.outer > 0 { return false }
        var kernels = [plan.predicate].compactMap { $0 } + plan.optionals.compactMap(\.predicate) + plan.pushed.map(\.kernel)
        if let aggregation {
            // Grouped by a node or relationship (`WITH p, count(*)`), groups are about as many
            // as rows: each part's table is as large as the whole, and merging them costs what
            // the split saved (measured: slower on two cores).
            guard aggregation.merges, !aggregation.keyKernels.contains(where: { $0 is EntityKernel }) else { return false }
            kernels += aggregation.kernels
        } else if let topK {
            kernels += topK.items + topK.keys.map(\.kernel)
        } else {
            return false
        }
        return kernels.allSatisfy(\.runsAnywhere)
    }
}
