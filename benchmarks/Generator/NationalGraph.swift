import CadreGraph

/// Builds the national graph in memory; the caller writes it out.
struct NationalGraph {
    let persons: Int
    var random: SeededRandom

    init(persons: Int, seed: UInt64) {
        self.persons = persons
        random = SeededRandom(state: seed)
    }

    static let families = ["Nguyễn", "Nguyễn", "Nguyễn", "Trần", "Trần", "Lê", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ",
                           "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý", "Đinh", "Trương", "Lương", "Đoàn"]
    static let middles = ["Văn", "Thị", "Quốc", "Tấn", "Quang", "Minh", "Hữu", "Đức", "Thanh", "Xuân", "Công", "Ngọc", "Hồng", "Kim"]
    static let givens = ["Trung", "Thủ", "Mạnh", "Hùng", "Lan", "Hoa", "Dũng", "Tuấn", "Hải", "Nam", "Bình", "Sơn", "Hà", "Phúc",
                         "Thắng", "Long", "Hương", "Đạt", "Khánh", "Vinh", "Thành", "Tâm", "Cường", "Hiếu", "Nghĩa", "Đông"]
    static let provinces = (1...63).map { "Tỉnh \($0)" }
    static let departments = [("ban-to-chuc", "Ban Tổ chức"), ("ban-tuyen-giao", "Ban Tuyên giáo"), ("ban-kiem-tra", "Ban Kiểm tra"),
                              ("ban-dan-van", "Ban Dân vận"), ("ban-noi-chinh", "Ban Nội chính")]
    /// Term ordinals and their years, for the national body and (shifted) for provinces.
    static let termYears = [(6, 1986, 1991), (7, 1991, 1996), (8, 1996, 2001), (9, 2001, 2006), (10, 2006, 2011),
                            (11, 2011, 2016), (12, 2016, 2021), (13, 2021, 2026)]
    static let roman = [6: "VI", 7: "VII", 8: "VIII", 9: "IX", 10: "X", 11: "XI", 12: "XII", 13: "XIII"]

    mutating func build() -> Graph {
        var graph = Graph()
        func node(_ label: String, _ id: String, _ properties: [(String, Value)]) -> NodeID {
            graph.addNode(labels: [label], properties: [("id", .string(id))] + properties)
        }
        func date(_ year: Int, _ month: Int, _ day: Int) -> Value { .date(PartialDate(year: year, month: month, day: day)!) }

        // The national level.
        let party = node("Organization", "org:dcsvn", [("name", .string("Đảng Cộng sản Việt Nam")), ("kind", .string("party")), ("level", .string("central"))])
        let central = node("Organization", "org:bch-tw", [("name", .string("Ban Chấp hành Trung ương")), ("kind", .string("central_committee")), ("level", .string("central"))])
        let politburo = node("Organization", "org:bo-chinh-tri", [("name", .string("Bộ Chính trị")), ("kind", .string("politburo")), ("level", .string("central"))])
        let secretariat = node("Organization", "org:ban-bi-thu", [("name", .string("Ban Bí thư")), ("kind", .string("secretariat")), ("level", .string("central"))])
        for body in [central, politburo, secretariat] { graph.addEdge(from: body, to: party, type: "PART_OF") }
        var nationalTerms: [Int: NodeID] = [:]
        for (ordinal, from, to) in Self.termYears {
            let term = node("Term", "term:bch-tw:\(ordinal)", [("name", .string("Ban Chấp hành Trung ương khóa \(Self.roman[ordinal]!)")),
                            ("ordinal", .int(Int64(ordinal))), ("from", date(from, 1, 1)), ("to", date(to, 1, 1))])
            graph.addEdge(from: term, to: central, type: "TERM_OF")
            let congress = node("Congress", "congress:dcsvn:\(ordinal)", [("name", .string("Đại hội \(Self.roman[ordinal]!) của Đảng")),
                                ("ordinal", .int(Int64(ordinal))), ("from", date(from, 1, 15))])
            graph.addEdge(from: congress, to: party, type: "CONGRESS_OF")
            graph.addEdge(from: congress, to: term, type: "ELECTED")
            nationalTerms[ordinal] = term
            for number in 1...12 {
                let kind = number % 3 == 0 ? "chi_thi" : "nghi_quyet"
                let symbol = String(format: "%02d", number) + (kind == "chi_thi" ? "-CT/TW" : "-NQ/TW")
                let resolution = node("Resolution", "res:tw:\(kind == "chi_thi" ? "ct" : "nq"):\(number):k\(ordinal)",
                                      [("name", .string((kind == "chi_thi" ? "Chỉ thị " : "Nghị quyết ") + symbol + " khóa " + Self.roman[ordinal]!)),
                                       ("kind", .string(kind)), ("number", .int(Int64(number))), ("symbol", .string(symbol)),
                                       ("date", date(from + number % 5, 1 + number % 12, 1 + number % 28))])
                graph.addEdge(from: resolution, to: kind == "chi_thi" ? politburo : central, type: "ISSUED_BY",
                              properties: [("date", date(from + number % 5, 1 + number % 12, 1 + number % 28))])
            }
        }
        var awards: [NodeID] = []
        for (kind, name, grades) in [("huan_chuong", "Huân chương Lao động", ["Nhất", "Nhì", "Ba"]), ("huan_chuong", "Huân chương Độc lập", ["Nhất", "Nhì", "Ba"]),
                                     ("huy_hieu", "Huy hiệu Đảng", ["30 năm", "40 năm", "50 năm"]), ("bang_khen", "Bằng khen", ["Thủ tướng", "Bộ", "Tỉnh"])] {
            for grade in grades {
                awards.append(node("Award", "award:\(Folding.slug(name)):\(Folding.slug(grade))",
                                   [("name", .string("\(name) hạng \(grade)")), ("kind", .string(kind)), ("grade", .string(grade))]))
            }
        }

        // Provinces and below, scaled so that each post has a holder or two per term.
        let communesPerDistrict = max(1, persons / (63 * 10 * 20))
        var roleSlots: [(role: NodeID, organization: NodeID, province: Int, level: Int)] = []
        var provinceTerms: [[(NodeID, Int, Int, String)]] = []
        var organizationsByProvince: [[NodeID]] = []
        func roles(_ organization: NodeID, _ id: String, _ name: String, _ titles: [(String, String)], _ province: Int, _ level: Int) {
            for (slug, title) in titles {
                let role = node("Role", "role:\(slug):\(id)", [("name", .string("\(title) \(name)")), ("role", .string(slug.replacingOccurrences(of: "-", with: "_")))])
                graph.addEdge(from: role, to: organization, type: "ROLE_OF")
                roleSlots.append((role, organization, province, level))
            }
        }
        for (index, provinceName) in Self.provinces.enumerated() {
            let p = "p\(index + 1)"
            var organizations: [NodeID] = []
            let area = node("Area", "area:\(p)", [("name", .string(provinceName)), ("kind", .string("tinh"))])
            let committee = node("Organization", "org:tinh-uy:\(p)", [("name", .string("Tỉnh ủy \(provinceName)")), ("kind", .string("party_committee")), ("level", .string("province"))])
            graph.addEdge(from: committee, to: central, type: "DIRECTED_BY")
            graph.addEdge(from: committee, to: area, type: "ABOUT")
            organizations.append(committee)
            roles(committee, p, "Tỉnh ủy \(provinceName)", [("bi-thu", "Bí thư"), ("pho-bi-thu", "Phó Bí thư")], index, 3)
            let standing = node("Organization", "org:btv:\(p)", [("name", .string("Ban Thường vụ Tỉnh ủy \(provinceName)")), ("kind", .string("standing_committee")), ("level", .string("province"))])
            graph.addEdge(from: standing, to: committee, type: "PART_OF", properties: [("relation", .string("standing_body_of"))])
            organizations.append(standing)
            for (slug, name) in Self.departments {
                let department = node("Organization", "org:\(slug):\(p)", [("name", .string("\(name) Tỉnh ủy \(provinceName)")), ("kind", .string("commission")), ("level", .string("province"))])
                graph.addEdge(from: department, to: committee, type: "PART_OF", properties: [("relation", .string("staff_organ_of"))])
                organizations.append(department)
                roles(department, "\(slug):\(p)", "\(name) Tỉnh ủy \(provinceName)", [("truong-ban", "Trưởng"), ("pho-truong-ban", "Phó Trưởng")], index, 2)
            }
            let government = node("Organization", "org:ubnd:\(p)", [("name", .string("UBND \(provinceName)")), ("kind", .string("people_committee")), ("level", .string("province"))])
            organizations.append(government)
            roles(government, "ubnd:\(p)", "UBND \(provinceName)", [("chu-tich", "Chủ tịch"), ("pho-chu-tich", "Phó Chủ tịch")], index, 3)
            var terms: [(NodeID, Int, Int, String)] = []
            for (ordinal, from, to) in Self.termYears {
                let local = ordinal + 3
                let term = node("Term", "term:tinh-uy:\(p):\(local)", [("name", .string("Tỉnh ủy \(provinceName) khóa \(local)")), ("ordinal", .int(Int64(local))),
                                ("from", date(from - 1, 10, 1)), ("to", date(to - 1, 10, 1))])
                graph.addEdge(from: term, to: committee, type: "TERM_OF")
                terms.append((term, from - 1, to - 1, "term:tinh-uy:\(p):\(local)"))
                for number in 1...3 {
                    let resolution = node("Resolution", "res:\(p):nq:\(number):k\(local)", [("name", .string("Nghị quyết \(number)-NQ/TU khóa \(local) \(provinceName)")),
                                          ("kind", .string("nghi_quyet")), ("number", .int(Int64(number))), ("symbol", .string("\(String(format: "%02d", number))-NQ/TU")),
                                          ("date", date(from, 2 + number, 10))])
                    graph.addEdge(from: resolution, to: committee, type: "ISSUED_BY", properties: [("date", date(from, 2 + number, 10))])
                    if number == 1 {
                        graph.addEdge(from: committee, to: resolution, type: "IMPLEMENTS", properties: [("modality", .string("past"))])
                    }
                }
            }
            provinceTerms.append(terms)
            for d in 1...10 {
                let district = node("Organization", "org:huyen-uy:\(p):\(d)", [("name", .string("Huyện ủy \(d) \(provinceName)")), ("kind", .string("party_committee")), ("level", .string("district"))])
                graph.addEdge(from: district, to: committee, type: "PART_OF", properties: [("relation", .string("subordinate_unit"))])
                organizations.append(district)
                roles(district, "huyen-uy:\(p):\(d)", "Huyện ủy \(d) \(provinceName)", [("bi-thu", "Bí thư"), ("pho-bi-thu", "Phó Bí thư")], index, 1)
                for c in 0..<communesPerDistrict {
                    let commune = node("Organization", "org:dang-uy-xa:\(p):\(d):\(c + 1)", [("name", .string("Đảng ủy xã \(c + 1) huyện \(d) \(provinceName)")),
                                       ("kind", .string("party_committee")), ("level", .string("commune"))])
                    graph.addEdge(from: commune, to: district, type: "PART_OF", properties: [("relation", .string("subordinate_unit"))])
                    organizations.append(commune)
                    roles(commune, "dang-uy-xa:\(p):\(d):\(c + 1)", "Đảng ủy xã \(c + 1) huyện \(d) \(provinceName)", [("bi-thu", "Bí thư"), ("pho-bi-thu", "Phó Bí thư")], index, 0)
                }
            }
            organizationsByProvince.append(organizations)
        }
        var slotsByProvinceAndLevel: [[[Int]]] = Array(repeating: Array(repeating: [], count: 4), count: 63)
        for (index, slot) in roleSlots.enumerated() { slotsByProvinceAndLevel[slot.province][slot.level].append(index) }

        // Persons and their careers: up a level every term or two, inside one province.
        var tenures: [(slot: Int, person: NodeID, from: Value, fromKey: (Int, Int))] = []
        for number in 0..<persons {
            let family = random.pick(Self.families), middle = random.pick(Self.middles), given = random.pick(Self.givens)
            let name = "\(family) \(middle) \(given)"
            let born = 1940 + random.int(0..<45)
            let person = node("Person", "person:\(Folding.slug(name)):\(number)", [("name", .string(name)), ("family_name", .string(family)),
                              ("middle_name", .string(middle)), ("given_name", .string(given)), ("born", date(born, 1 + random.int(0..<12), 1 + random.int(0..<28))),
                              ("gender", .string(middle == "Thị" ? "female" : "male"))])
            let province = random.int(0..<63)
            let organizations = organizationsByProvince[province]
            graph.addEdge(from: person, to: random.pick(organizations), type: "MEMBER_OF")
            let careerLength = 1 + random.int(0..<6)
            var termIndex = random.int(0..<max(1, Self.termYears.count - careerLength + 1))
            var level = random.int(0..<2)
            for _ in 0..<careerLength where termIndex < Self.termYears.count {
                let candidates = slotsByProvinceAndLevel[province][min(3, level)]
                guard !candidates.isEmpty else { break }
                let slot = random.pick(candidates)
                let (_, from, to, termID) = provinceTerms[province][termIndex]
                let month = 1 + random.int(0..<12)
                let fromDate = date(from + random.int(0..<2), month, 1 + random.int(0..<28))
                let toDate = date(to, 9, 30)
                graph.addEdge(from: person, to: roleSlots[slot].role, type: "HELD",
                              properties: [("term", .string(termID)), ("from", fromDate), ("to", toDate),
                                           ("status", .string(to < 2025 ? "ended" : "current"))])
                if case .date(let d) = fromDate { tenures.append((slot, person, fromDate, (d.year, (d.month ?? 0) * 100 + (d.day ?? 0)))) }
                termIndex += 1 + random.int(0..<2)
                level += random.int(0..<2)
            }
            if random.int(0..<3) == 0 {
                graph.addEdge(from: person, to: random.pick(awards), type: "RECEIVED", properties: [("date", date(1990 + random.int(0..<34), 1 + random.int(0..<12), 1 + random.int(0..<28)))])
            }
        }
        // Successions: consecutive holders of each post.
        tenures.sort { ($0.slot, $0.fromKey.0, $0.fromKey.1) < ($1.slot, $1.fromKey.0, $1.fromKey.1) }
        for index in 1..<max(1, tenures.count) where tenures[index].slot == tenures[index - 1].slot && tenures[index].person != tenures[index - 1].person {
            graph.addEdge(from: tenures[index].person, to: tenures[index - 1].person, type: "SUCCEEDED",
                          properties: [("role", .string(graph.property(of: roleSlots[tenures[index].slot].role, "id")!.stringValue!)), ("date", tenures[index].from)])
        }
        graph.compact()
        return graph
    }
}
