/// One look per label: a Graphviz shape and fill colour, so a person reads as a person.
public struct DOTStyle: Sendable, Equatable {
    public var shape: String
    public var fill: String
    public var rounded = false

    /// Labels in the order the legend lists them.
    public static let known: [(label: String, style: DOTStyle)] = [
        ("Person", DOTStyle(shape: "ellipse", fill: "#fde2c8")),
        ("Organization", DOTStyle(shape: "box", fill: "#cfe3f7")),
        ("Role", DOTStyle(shape: "box", fill: "#d4f0dc", rounded: true)),
        ("Term", DOTStyle(shape: "tab", fill: "#fbf1c4")),
        ("Congress", DOTStyle(shape: "house", fill: "#f7d4d0")),
        ("Plenum", DOTStyle(shape: "octagon", fill: "#efe3f5")),
        ("Resolution", DOTStyle(shape: "note", fill: "#fff6d8")),
        ("Award", DOTStyle(shape: "egg", fill: "#f6e08c")),
        ("Event", DOTStyle(shape: "parallelogram", fill: "#e5d7ef")),
        ("Figure", DOTStyle(shape: "box3d", fill: "#eceff1")),
        ("Area", DOTStyle(shape: "invhouse", fill: "#d9f2ec")),
        ("Source", DOTStyle(shape: "folder", fill: "#e3e6e8")),
    ]

    public static let other = DOTStyle(shape: "ellipse", fill: "#ffffff")

    /// The style of the first of `labels` that has one.
    public static func of(_ labels: [String]) -> (label: String?, style: DOTStyle) {
        for (label, style) in known where labels.contains(label) { return (label, style) }
        return (labels.first, other)
    }

    var attributes: String {
        "shape=\(shape), style=\"\(rounded ? "rounded,filled" : "filled")\", fillcolor=\"\(fill)\""
    }
}
