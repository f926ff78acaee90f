//! Masking of personal names for lists and for anyone but the complainant.
//! ID numbers and mobiles mask themselves (`ResidentId::masked`,
//! `Mobile::masked`), since only they know their own shape.

/// `张*`: the first character is kept and every other character becomes
/// `*`, with at least one `*` so a one-character name is not shown whole.
/// Works on characters, not bytes, so a Chinese name keeps its first
/// character intact.
pub fn mask_name(name: &str) -> String {
    let mut chars = name.trim().chars();
    let Some(first) = chars.next() else {
        return String::new();
    };
    let hidden = chars.count().max(1);
    format!("{first}{}", "*".repeat(hidden))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_first_character_stays() {
        assert_eq!(mask_name("张三"), "张*");
        assert_eq!(mask_name("李小梅"), "李**");
        assert_eq!(mask_name("欧阳娜娜"), "欧***");
    }

    #[test]
    fn a_one_character_name_still_gets_a_star() {
        assert_eq!(mask_name("A"), "A*");
        assert_eq!(mask_name("王"), "王*");
    }

    #[test]
    fn an_empty_name_stays_empty() {
        assert_eq!(mask_name(""), "");
        assert_eq!(mask_name("   "), "");
    }

    #[test]
    fn surrounding_whitespace_is_not_a_character_of_the_name() {
        assert_eq!(mask_name(" 王五 "), "王*");
        assert_eq!(mask_name("\u{3000}王五\u{3000}"), "王*");
    }

    #[test]
    fn every_other_character_counts_once_whatever_its_width() {
        // A middle dot in a transliterated name, a Latin space, and a
        // character outside the Basic Multilingual Plane each become one star.
        assert_eq!(mask_name("阿卜杜·热合曼"), "阿******");
        assert_eq!(mask_name("Li Lei"), "L*****");
        assert_eq!(mask_name("𠮷野家"), "𠮷**");
        assert_eq!(mask_name("张𠮷"), "张*");
    }
}
