/// The kinds of identifier under which one person appears in seized evidence.
///
/// **Strong** kinds identify one holder: two parties holding the same full, normalised value of a
/// strong kind are merged automatically. They are the mobile phone, the resident ID number, the bank
/// card, the WeChat ID, the QQ number, the Alipay account and the email address; each is issued to one
/// account holder and is what a bill, a ledger or a slip names when it means a counterparty. Names and
/// nicknames are never strong (many people share them), nor is a landline (shared by a household or
/// an office): they only support suggestions.
public enum IdentifierKind: String, CaseIterable, Sendable, Hashable, Comparable, Codable {
    case residentID = "id"
    case bankCard = "card"
    case mobile = "mobile"
    case wechat = "wechat"
    case qq = "qq"
    case alipay = "alipay"
    case email = "email"
    case landline = "landline"
    case name = "name"
    case nickname = "nickname"

    /// Whether a shared full value of this kind merges two parties automatically.
    public var isStrong: Bool {
        switch self {
        case .residentID, .bankCard, .mobile, .wechat, .qq, .alipay, .email: return true
        case .landline, .name, .nickname: return false
        }
    }

    /// Whether one person holds at most one value of this kind. Two different values of such a kind in
    /// one group are a conflict: only the resident ID number (a person may hold many phones and cards).
    public var isExclusive: Bool { self == .residentID }

    /// The order in which merges through a party's identifiers are applied: the most decisive first.
    var rank: Int {
        switch self {
        case .residentID: return 0
        case .bankCard: return 1
        case .mobile: return 2
        case .wechat: return 3
        case .qq: return 4
        case .alipay: return 5
        case .email: return 6
        case .landline: return 7
        case .name: return 8
        case .nickname: return 9
        }
    }

    public static func < (a: IdentifierKind, b: IdentifierKind) -> Bool { a.rank < b.rank }

    /// The kind named by a key of a parties-file column (`phone:…;wechat:…`), case-insensitive.
    /// `phone` and `tel` mean a phone of either kind, decided by the value.
    /// - Returns: nil for an unknown key; `.mobile` for the `phone` family (see `Identifier.parse`).
    public static func forKey(_ key: String) -> IdentifierKind? {
        switch key.lowercased() {
        case "phone", "tel", "mobile", "cell", "手机", "电话", "手机号": return .mobile
        case "landline", "fixed", "座机", "固话": return .landline
        case "wechat", "wx", "weixin", "微信": return .wechat
        case "qq": return .qq
        case "alipay", "zfb", "支付宝": return .alipay
        case "card", "bank", "bankcard", "银行卡", "卡号": return .bankCard
        case "id", "idcard", "rid", "sfz", "身份证", "身份证号": return .residentID
        case "email", "mail", "邮箱": return .email
        case "name", "姓名": return .name
        case "nick", "nickname", "alias", "绰号", "昵称": return .nickname
        default: return nil
        }
    }
}
