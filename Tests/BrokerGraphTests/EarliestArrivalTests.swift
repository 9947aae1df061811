import BrokerGraph
import Testing

struct EarliestArrivalTests {
    /// 0 -> 1 at t=100; 1 -> 2 some time in [50, 200] (a day); 1 -> 3 in [0, 99] (over before 1
    /// has the data); 2 -> 3 at 150; 0 -> 4 at 10 and 0 -> 4 at 5 (the earlier edge wins).
    @Test func intervalsAndGreedyArrival() {
        let g = Digraph(vertexCount: 5, sources: [0, 1, 1, 2, 0, 0], targets: [1, 2, 3, 3, 4, 4])
        let times = EdgeTimes(earliest: [100, 50, 0, 150, 10, 5], latest: [100, 200, 99, 150, 10, 5],
                                     label: [0, 0, 0, 0, 0, 0])
        let r = EarliestArrival.compute(graph: g, times: times, edges: [0, 1, 2, 3, 4, 5], roots: [0])
        #expect(r.arrival[0] == Int64.min)
        #expect(r.arrival[1] == 100)
        #expect(r.arrival[2] == 100)          // max(100, 50): same day, after 1 got it
        #expect(r.arrival[3] == 150)          // not through edge 2, which ended at 99
        #expect(r.via[3] == 3)
        #expect(r.chain(to: 3, graph: g) == [0, 1, 3])
        #expect(r.arrival[4] == 5 && r.via[4] == 5)
        #expect(r.chain(to: 0, graph: g) == [])
        // Only some edges: without edge 1, vertex 3 is out of reach.
        let part = EarliestArrival.compute(graph: g, times: times, edges: [0, 2, 3], roots: [0])
        #expect(part.arrival[3] == nil && part.chain(to: 3, graph: g) == nil)
    }

    /// A time-reversed path is no path: 0 -> 1 at 200, 1 -> 2 at 100.
    @Test func timeReversedPathIsNotFollowed() {
        let g = Digraph(vertexCount: 3, sources: [0, 1], targets: [1, 2])
        let times = EdgeTimes(earliest: [200, 100], latest: [200, 100], label: [0, 0])
        let r = EarliestArrival.compute(graph: g, times: times, edges: [0, 1], roots: [0])
        #expect(r.arrival[1] == 200 && r.arrival[2] == nil)
    }
}
