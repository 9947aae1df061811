import Testing
@testable import BrokerCase

@Suite struct CaseTimeTests {
    /// 2025-02-14T00:00:00Z.
    static let feb14UTC: Int64 = 1_739_491_200
    static let hour: Int64 = 3600
    /// 2025-02-14 10:30 in China Standard Time (+08:00), in seconds since 1970.
    static let feb14At1030CST = feb14UTC + 2 * hour + 1800

    @Test("a date is the whole day in the case's zone (+08:00 by default)")
    func dateIsADay() throws {
        let span = try CaseTime.parse("2025-02-14")
        #expect(span.earliest == Self.feb14UTC - 8 * Self.hour)            // 2025-02-13T16:00:00Z
        #expect(span.latest == Self.feb14UTC + 16 * Self.hour - 1)         // 2025-02-14T15:59:59Z
        #expect(span.isDay)
        #expect(CaseTime.format(span) == "2025-02-14")
        #expect(CaseTime.date(span.earliest) == "2025-02-14" && CaseTime.date(span.latest) == "2025-02-14")
        #expect(CaseTime.date(span.latest + 1) == "2025-02-15")
        // The same date in UTC starts eight hours later.
        #expect(try CaseTime.parse("2025-02-14", offsetSeconds: 0).earliest == Self.feb14UTC)
    }

    @Test("moments on the day's edges fall inside or outside the day span")
    func dayEdges() throws {
        let day = try CaseTime.parse("2025-02-14")
        let first = try CaseTime.parse("2025-02-14 00:00")
        let last = try CaseTime.parse("2025-02-14 23:59:59")
        let next = try CaseTime.parse("2025-02-15 00:00")
        let before = try CaseTime.parse("2025-02-13T23:59:59+08:00")
        #expect(first.earliest == day.earliest && last.earliest == day.latest)
        #expect(next.earliest == day.latest + 1 && before.earliest == day.earliest - 1)
        #expect(!first.isDay)
    }

    @Test("date-times with and without offset, Z, space or T, seconds and fractions", arguments: [
        "2025-02-14T10:30:00+08:00", "2025-02-14 10:30", "2025-02-14T10:30", "2025-02-14t10:30:00",
        "2025-02-14 10:30:00", "2025-02-14T02:30:00Z", "2025-02-14T02:30:00z", "2025-02-14T02:30Z",
        "2025-02-14T10:30:00+0800", "2025-02-14T10:30:00+08", "2025-02-14T10:30:00.999+08:00",
        "2025-02-14T10:30:00,5+08:00", "2025-02-13T21:30:00-05:00", "2025-02-14T02:30:00+00:00",
        "2025-02-14T02:30:00-00:00", " 2025-02-14 10:30 ", "2025-02-14T08:00:00+05:30",
    ])
    func sameMoment(text: String) throws {
        let span = try CaseTime.parse(text)
        #expect(span.earliest == Self.feb14At1030CST)
        #expect(span.latest == span.earliest)
        #expect(!span.isDay)
    }

    @Test("a time without offset is read in the case's zone")
    func caseZone() throws {
        #expect(try CaseTime.parse("2025-02-14 10:30", offsetSeconds: 0).earliest == Self.feb14UTC + 10 * Self.hour + 1800)
        #expect(try CaseTime.parse("2025-02-14 10:30", offsetSeconds: -5 * 3600).earliest
            == Self.feb14UTC + 15 * Self.hour + 1800)
        // An explicit offset wins over the case's zone.
        #expect(try CaseTime.parse("2025-02-14T10:30+08:00", offsetSeconds: 0).earliest == Self.feb14At1030CST)
    }

    @Test("impossible dates are rejected as such", arguments: [
        "2025-02-30", "2025-13-01", "2025-00-10", "2025-01-00", "2025-04-31", "2025-02-29", "1900-02-29",
        "2100-02-29", "2025-12-32",
    ])
    func noSuchDate(text: String) {
        #expect(throws: CaseTime.Problem.noSuchDate) { try CaseTime.parse(text) }
    }

    @Test("text that is not ISO 8601 is rejected", arguments: [
        "yesterday", "", "   ", "2025/02/14", "14.02.2025", "2025-2-14", "20250214", "2025-02-14T", "2025-02-14T10",
        "2025-02-14 10:3", "2025-02-14X", "2025-02-14 10:30 CST", "2025-02-14T10:30:00.+08:00",
        "2025-02-14T10:30:00+8", "2025-02-14T10:30:00+08:0", "２０２５-02-14",
    ])
    func notISO(text: String) {
        #expect(throws: CaseTime.Problem.notISO8601) { try CaseTime.parse(text) }
    }

    @Test("times of day and offsets out of range", arguments: [
        "2025-02-14 24:00", "2025-02-14 10:60", "2025-02-14 10:30:60", "2025-02-14T10:30:00+15:00",
        "2025-02-14T10:30:00+08:60",
    ])
    func outOfRange(text: String) {
        let error = #expect(throws: CaseTime.Problem.self) { try CaseTime.parse(text) }
        if case .outOfRange = error {} else { Issue.record("expected out of range, got \(String(describing: error))") }
    }

    @Test("leap years: divisible by 4, except centuries not divisible by 400")
    func leapYears() throws {
        for year in [2024, 2000, 1996, 2400] {
            let day = try CaseTime.parse("\(year)-02-29")
            #expect(CaseTime.format(day) == "\(year)-02-29")
            #expect(CaseTime.date(day.latest + 1) == "\(year)-03-01")
        }
        #expect(CaseTime.date(try CaseTime.parse("2025-02-28").latest + 1) == "2025-03-01")
        #expect(CaseTime.date(try CaseTime.parse("2024-12-31").latest + 1) == "2025-01-01")
        // A leap year has 366 days.
        let a = try CaseTime.parse("2024-01-01"), b = try CaseTime.parse("2025-01-01")
        #expect(b.earliest - a.earliest == 366 * 86_400)
    }

    @Test("formatting in the case's zone, before and after 1970")
    func formatting() {
        #expect(CaseTime.dateTime(Self.feb14At1030CST) == "2025-02-14T10:30:00+08:00")
        #expect(CaseTime.dateTime(Self.feb14At1030CST, offsetSeconds: 0) == "2025-02-14T02:30:00+00:00")
        #expect(CaseTime.dateTime(Self.feb14At1030CST, offsetSeconds: -(5 * 3600 + 1800)) == "2025-02-13T21:00:00-05:30")
        #expect(CaseTime.date(-1, offsetSeconds: 0) == "1969-12-31")
        #expect(CaseTime.dateTime(-1, offsetSeconds: 0) == "1969-12-31T23:59:59+00:00")
        #expect(CaseTime.date(0, offsetSeconds: 0) == "1970-01-01")
        #expect(CaseTime.format(TimeSpan(earliest: Self.feb14At1030CST, latest: Self.feb14At1030CST)) == "2025-02-14T10:30:00+08:00")
    }

    @Test("round trip: every day of 1999-2030 parses and formats back", arguments: [0, 8 * 3600, -7 * 3600])
    func roundTrip(offset: Int) throws {
        var day = try CaseTime.parse("1999-01-01", offsetSeconds: offset).earliest
        let end = try CaseTime.parse("2030-12-31", offsetSeconds: offset).earliest
        while day <= end {
            let text = CaseTime.date(day, offsetSeconds: offset)
            let span = try CaseTime.parse(text, offsetSeconds: offset)
            #expect(span.earliest == day && span.latest == day + 86_399)
            day += 86_400
        }
    }

    @Test("offsets for --timezone")
    func offsets() {
        #expect(CaseTime.parseOffset("+08:00") == 28_800)
        #expect(CaseTime.parseOffset("UTC+8") == 28_800)
        #expect(CaseTime.parseOffset("+8") == 28_800)
        #expect(CaseTime.parseOffset("-0530") == -19_800)
        #expect(CaseTime.parseOffset("Z") == 0)
        #expect(CaseTime.parseOffset("utc") == 0)
        for bad in ["8", "+15", "+08:60", "Asia/Shanghai", "+08:00:00", "++8", "+-8", "-+08:00", "+ 8"] { #expect(CaseTime.parseOffset(bad) == nil, "\(bad)") }
    }

    @Test("error messages say what is expected")
    func messages() {
        #expect(CaseTime.Problem.notISO8601.description.contains("2025-02-14T10:30:00+08:00"))
        #expect(CaseTime.Problem.noSuchDate.description == "no such date (month or day out of range)")
    }
}
