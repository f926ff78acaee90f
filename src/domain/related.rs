//! Which tickets belong together: the same employer (by its unified social
//! credit code, or by its name written the same way), the same complainant
//! (by the keyed digests of mobile and ID number, compared without opening
//! them), or a statement so alike that it tells the same matter, within the
//! same district and category. The 12345 platforms call the first kind of
//! pair 重复件 (repeats) and handle groups of them jointly (并案).

/// Related tickets are looked for among those received this many days
/// before the ticket, or after it.
pub const WINDOW_DAYS: i64 = 90;

/// Two statements at least this alike (trigram similarity, as PostgreSQL's
/// `pg_trgm` counts it: shared trigrams over all trigrams of both) tell the
/// same matter. Decided on Chinese complaints (see the tests): two workers
/// of one site telling the same unpaid wages in their own words share
/// about two fifths of their trigrams; another matter against the same
/// kind of employer, under a tenth. `pg_trgm`'s own default is 0.3.
pub const SIMILAR_STATEMENTS: f64 = 0.35;

/// At most this many tickets of the same district and category are
/// compared by their statements: the latest ones.
pub const MAX_COMPARED: i64 = 100;

/// At most this many related tickets are kept for one ticket.
pub const MAX_RELATED: usize = 50;

/// Why two tickets are related.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Reason {
    /// 同一被投诉单位.
    SameRespondent,
    /// 同一投诉人.
    SameComplainant,
    /// 内容相似, with the similarity in percent.
    SimilarStatement { percent: u8 },
}

impl Reason {
    /// The reason's name, the same for any similarity.
    pub fn key(self) -> &'static str {
        match self {
            Reason::SameRespondent => "same_respondent",
            Reason::SameComplainant => "same_complainant",
            Reason::SimilarStatement { .. } => "similar_statement",
        }
    }
}

/// Characters that do not tell one name or statement from another:
/// whitespace, punctuation and symbols, Chinese and Latin alike.
fn is_filler(c: char) -> bool {
    c.is_whitespace()
        || c.is_ascii_punctuation()
        || matches!(c,
            '\u{3000}'..='\u{303f}'   // CJK symbols and punctuation: 、。《》「」【】
            | '\u{ff01}'..='\u{ff0f}' // full-width ！＂＃＄％＆＇（）＊＋，－．／
            | '\u{ff1a}'..='\u{ff20}' // ：；＜＝＞？＠
            | '\u{ff3b}'..='\u{ff40}'
            | '\u{ff5b}'..='\u{ff65}'
            | '\u{2010}'..='\u{2027}' // dashes, quotes, ellipsis
            | '\u{00b7}' | '\u{30fb}')
}

/// Full-width Latin letters and digits as their ASCII selves, lowercase.
fn folded(c: char) -> char {
    let c = match c {
        '\u{ff10}'..='\u{ff19}' | '\u{ff21}'..='\u{ff3a}' | '\u{ff41}'..='\u{ff5a}' => {
            char::from_u32(c as u32 - 0xfee0).unwrap_or(c)
        }
        other => other,
    };
    c.to_ascii_lowercase()
}

/// Text as it is compared: folded, without filler.
fn comparable(text: &str) -> Vec<char> {
    text.chars().filter(|c| !is_filler(*c)).map(folded).collect()
}

/// An organisation's name as it is compared: the same name typed with
/// spaces, full-width letters, brackets of another width or other
/// punctuation gives the same key. A branch named in brackets stays a
/// branch (`某某公司（徐汇分公司）` is not `某某公司`). None for a name too
/// short to tell anyone apart.
pub fn organisation_key(name: &str) -> Option<String> {
    let key: String = comparable(name).into_iter().collect();
    (key.chars().count() >= 4).then_some(key)
}

/// The key an employer is compared by: its name as compared. The bureau's
/// own offices and staff are no employer: every complaint against a
/// district's service centre names the same office, and marking them all
/// related would hide the employers that matter.
pub fn employer_key(kind: crate::category::RespondentKind, name: &str) -> Option<String> {
    (kind == crate::category::RespondentKind::Employer).then(|| organisation_key(name)).flatten()
}

/// The distinct trigrams of a text, sorted: every run of three characters
/// of its comparable form (the text itself when shorter).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Trigrams(Vec<[char; 3]>);

impl Trigrams {
    pub fn of(text: &str) -> Trigrams {
        let chars = comparable(text);
        let mut grams: Vec<[char; 3]> = match chars.len() {
            0 => Vec::new(),
            1 => vec![[chars[0], ' ', ' ']],
            2 => vec![[chars[0], chars[1], ' ']],
            _ => chars.windows(3).map(|w| [w[0], w[1], w[2]]).collect(),
        };
        grams.sort_unstable();
        grams.dedup();
        Trigrams(grams)
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Shared trigrams over all trigrams of both: 1 for the same text, 0
    /// for nothing in common (or an empty text).
    pub fn similarity(&self, other: &Trigrams) -> f64 {
        let (mut i, mut j, mut shared) = (0, 0, 0usize);
        while i < self.0.len() && j < other.0.len() {
            match self.0[i].cmp(&other.0[j]) {
                std::cmp::Ordering::Less => i += 1,
                std::cmp::Ordering::Greater => j += 1,
                std::cmp::Ordering::Equal => {
                    shared += 1;
                    i += 1;
                    j += 1;
                }
            }
        }
        let all = self.0.len() + other.0.len() - shared;
        if all == 0 {
            0.0
        } else {
            shared as f64 / all as f64
        }
    }
}

/// The part of a complaint compared for similarity: what happened and what
/// is asked, not the time, place or people (which differ between workers
/// of one site telling the same matter).
pub fn statement(cause: &str, course: &str, result: &str, demand: &str) -> String {
    [cause, course, result, demand].join("\n")
}

/// The reason a statement this similar gives, if any.
pub fn similar(similarity: f64) -> Option<Reason> {
    (similarity >= SIMILAR_STATEMENTS)
        .then(|| Reason::SimilarStatement { percent: (similarity * 100.0).round().clamp(0.0, 100.0) as u8 })
}

/// One ticket found, with every reason it was found for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    pub ticket_id: String,
    pub reasons: Vec<Reason>,
}

/// Merges the tickets found by each rule into one list: each ticket once,
/// with its reasons in order; most reasons first, then the most similar,
/// then as found (the latest first); at most [`MAX_RELATED`].
pub fn merge(found: impl IntoIterator<Item = (String, Reason)>) -> Vec<Found> {
    let mut merged: Vec<Found> = Vec::new();
    for (ticket_id, reason) in found {
        match merged.iter_mut().find(|f| f.ticket_id == ticket_id) {
            Some(f) => {
                if !f.reasons.iter().any(|r| r.key() == reason.key()) {
                    f.reasons.push(reason);
                    f.reasons.sort();
                }
            }
            None => merged.push(Found { ticket_id, reasons: vec![reason] }),
        }
    }
    let similarity = |f: &Found| {
        f.reasons
            .iter()
            .find_map(|r| match r {
                Reason::SimilarStatement { percent } => Some(*percent),
                _ => None,
            })
            .unwrap_or(0)
    };
    // A stable sort keeps the order found within a rank.
    merged.sort_by(|a, b| b.reasons.len().cmp(&a.reasons.len()).then(similarity(b).cmp(&similarity(a))));
    merged.truncate(MAX_RELATED);
    merged
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_organisation_s_name_typed_differently_is_the_same_key() {
        let key = organisation_key("上海某某科技有限公司").unwrap();
        for typed in ["上海某某科技 有限公司", " 上海某某科技有限公司。", "上海某某科技有限公司\u{3000}"]
        {
            assert_eq!(organisation_key(typed).as_deref(), Some(key.as_str()), "{typed}");
        }
        assert_eq!(organisation_key("ＡＢＣ建筑劳务（上海）有限公司"), organisation_key("abc建筑劳务(上海)有限公司"));
        assert_eq!(organisation_key("Acme Construction Co., Ltd."), organisation_key("ACME construction co ltd"));
        assert_ne!(organisation_key("某某公司（徐汇分公司）"), organisation_key("某某公司"), "a branch stays a branch");
        assert_eq!(organisation_key("个人"), None, "too short to tell anyone apart");
        assert_eq!(organisation_key(" ， "), None);
    }

    #[test]
    fn only_an_employer_is_compared_by_its_name() {
        use crate::category::RespondentKind;
        assert_eq!(
            employer_key(RespondentKind::Employer, "上海某某科技有限公司"),
            organisation_key("上海某某科技有限公司")
        );
        assert_eq!(employer_key(RespondentKind::BureauOffice, "徐汇区社会保险服务中心"), None);
        assert_eq!(employer_key(RespondentKind::BureauStaff, "张三丰先生"), None);
        assert_eq!(employer_key(RespondentKind::Employer, "某司"), None);
    }

    #[test]
    fn similarity_counts_shared_trigrams_over_all_as_pg_trgm_does() {
        let a = Trigrams::of("公司拖欠三个月工资");
        assert_eq!(a.similarity(&a), 1.0);
        assert_eq!(a.similarity(&Trigrams::of("社保缴费记录中断")), 0.0);
        assert_eq!(a.similarity(&Trigrams::default()), 0.0);
        assert_eq!(Trigrams::default().similarity(&Trigrams::default()), 0.0);
        // 7 trigrams each, 6 shared: 6 / 8.
        let b = Trigrams::of("公司拖欠三个月工钱");
        assert_eq!(a.similarity(&b), 6.0 / 8.0);
        assert_eq!(a.similarity(&b), b.similarity(&a), "symmetric");
        // Punctuation, spaces and letter width do not count.
        assert_eq!(Trigrams::of("公司，拖欠 三个月工资！"), a);
        assert_eq!(Trigrams::of("ＡＢＣ"), Trigrams::of("abc"));
        assert_eq!(Trigrams::of("工资").0.len(), 1, "a short text is one gram");
        assert!(Trigrams::of("").is_empty());
    }

    #[test]
    fn two_workers_telling_the_same_unpaid_wages_are_similar_and_other_matters_are_not() {
        let first = Trigrams::of(&statement(
            "公司自8月起拖欠全体工人工资",
            "多次向项目经理讨要，对方称资金紧张拒绝支付",
            "至今三个月工资未发放",
            "责令公司支付拖欠的工资",
        ));
        let second = Trigrams::of(&statement(
            "公司从8月开始拖欠工人工资",
            "我们多次向项目经理讨要，对方称资金紧张拒绝支付",
            "三个月工资至今未发放",
            "要求公司支付拖欠的工资",
        ));
        let other = Trigrams::of(&statement(
            "公司未为我缴纳社会保险",
            "我多次向人事部门提出，对方拒绝补缴",
            "社保缴费记录中断三个月",
            "责令公司依法补缴社会保险费",
        ));
        let same = first.similarity(&second);
        assert!(same >= SIMILAR_STATEMENTS, "{same}");
        assert!(matches!(similar(same), Some(Reason::SimilarStatement { percent }) if percent >= 35));
        let different = first.similarity(&other);
        assert!(different < 0.1, "{different}");
        assert_eq!(similar(different), None);
        assert_eq!(similar(1.0), Some(Reason::SimilarStatement { percent: 100 }));
        assert_eq!(similar(SIMILAR_STATEMENTS), Some(Reason::SimilarStatement { percent: 35 }), "the threshold itself");
        assert_eq!(similar(0.349), None);
    }

    #[test]
    fn each_ticket_is_listed_once_with_all_its_reasons_the_strongest_first() {
        let found = merge([
            ("a".to_string(), Reason::SimilarStatement { percent: 50 }),
            ("b".to_string(), Reason::SameRespondent),
            ("c".to_string(), Reason::SimilarStatement { percent: 90 }),
            ("b".to_string(), Reason::SameComplainant),
            ("b".to_string(), Reason::SameRespondent),
            ("d".to_string(), Reason::SameRespondent),
        ]);
        let order: Vec<&str> = found.iter().map(|f| f.ticket_id.as_str()).collect();
        assert_eq!(order, ["b", "c", "a", "d"]);
        assert_eq!(found[0].reasons, [Reason::SameRespondent, Reason::SameComplainant]);
        let many = merge((0..80).map(|i| (format!("t{i}"), Reason::SameRespondent)));
        assert_eq!(many.len(), MAX_RELATED);
        assert_eq!(many[0].ticket_id, "t0", "as found within a rank");
    }
}
