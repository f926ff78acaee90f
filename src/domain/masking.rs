//! Masking of names for lists and for anyone but the complainant.

/// `张*`: the first character stays, each other character becomes `*`
/// (at least one, so a one-character name is not shown whole either).
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
        assert_eq!(mask_name("A"), "A*");
        assert_eq!(mask_name(" 王五 "), "王*");
        assert_eq!(mask_name(""), "");
    }
}
