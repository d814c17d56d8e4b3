import Foundation

/// 办理记录: one step in a letter's history (submitted, each action, the rating). I2.
public struct LetterEvent: Sendable, Equatable, Identifiable {
    public var id: String
    public var letterID: String
    public var at: Date
    /// `submit`, `rate`, or a `LetterAction`'s raw value.
    public var action: String
    /// The account that acted; nil for the writer.
    public var actorID: String?
    public var actorName: String
    public var from: LetterState
    public var to: LetterState
    /// What happened, in Chinese.
    public var summary: String
    /// The reason or reply given with the action.
    public var note: String
    /// Whether the writer is told of this step (shown on the look-up page).
    public var notifiesWriter: Bool

    public init(
        id: String = RecordID.make(), letterID: String, at: Date, action: String, actorID: String?, actorName: String, from: LetterState,
        to: LetterState, summary: String, note: String = "", notifiesWriter: Bool = false
    ) {
        self.id = id; self.letterID = letterID; self.at = at; self.action = action; self.actorID = actorID; self.actorName = actorName
        self.from = from; self.to = to; self.summary = summary; self.note = note; self.notifiesWriter = notifiesWriter
    }

    /// The Chinese name of an event's action.
    public static func label(of action: String) -> String {
        switch action {
        case "submit": "提交留言"
        case "rate": "评价"
        default: LetterAction(rawValue: action)?.label ?? action
        }
    }
}
