//! The people and words of a seeded history: names, valid resident ID
//! numbers and credit codes, mobiles, employers, and statements in Chinese
//! varied enough that a search for a name or a phrase finds some tickets,
//! not all of them.

use chrono::{Datelike, NaiveDate};
use hotline::domain::category::{Category, RespondentKind};
use hotline::domain::credit_code::credit_code_check_char;
use hotline::domain::resident_id::resident_id_check_char;
use rand::rngs::StdRng;
use rand::Rng;

const SURNAMES: &[&str] = &[
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭", "何", "高", "林",
    "罗", "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹", "彭", "曾", "肖", "田", "董", "袁", "潘", "于",
    "蒋", "蔡", "余", "杜", "叶", "程", "苏", "魏", "吕", "丁", "任", "沈", "姚", "卢", "姜", "崔", "钟", "谭", "陆",
    "汪", "范", "金", "石", "廖", "贾", "夏", "韦", "方", "白", "邹", "孟", "熊", "秦", "邱", "江", "尹", "薛", "顾",
];

const GIVEN: &[&str] = &[
    "伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明", "超", "秀英", "霞",
    "平", "刚", "桂英", "华", "建国", "建华", "志强", "海燕", "小红", "晓东", "文", "斌", "宇", "浩", "婷", "雪", "琳",
    "俊", "鹏", "辉", "玲", "红梅", "国庆", "春燕", "子涵", "梓萱", "一鸣", "思远", "嘉怡", "欣", "慧", "瑶", "晨",
];

/// Brands and trades that make up employers' names.
const BRANDS: &[&str] = &[
    "华鑫",
    "申通",
    "浦江",
    "东方",
    "新联",
    "恒丰",
    "金桥",
    "宏达",
    "瑞丰",
    "远航",
    "锦程",
    "天成",
    "联华",
    "嘉禾",
    "盛世",
    "鼎盛",
    "海纳",
    "明远",
    "永安",
    "汇丰源",
    "佳美",
    "顺达",
    "百川",
    "长江",
    "星辰",
    "德润",
    "凯越",
    "中盈",
    "绿洲",
    "万通",
    "安信",
    "隆昌",
    "晟泰",
    "博雅",
    "徐家汇",
    "外滩",
    "陆家嘴",
    "静安寺",
    "曹杨",
    "虹桥",
];

const TRADES: &[&str] = &[
    "科技",
    "物流",
    "餐饮管理",
    "建筑工程",
    "商贸",
    "物业管理",
    "机械制造",
    "电子",
    "人力资源",
    "保安服务",
    "家政服务",
    "快递",
    "服装",
    "食品",
    "汽车服务",
    "文化传媒",
    "医药",
    "教育科技",
    "信息技术",
    "酒店管理",
    "装饰工程",
    "清洁服务",
];

const COMPANY_FORMS: &[&str] = &["有限公司", "有限责任公司", "股份有限公司"];

/// Region codes of resident ID numbers: the bureau's districts and the
/// provinces most of its migrant workers come from.
const ID_REGIONS: &[&str] = &[
    "310101", "310104", "310105", "310106", "310107", "310115", "310112", "310113", "320102", "320583", "330106",
    "330302", "340104", "341221", "360102", "362201", "410105", "412702", "420106", "421022", "430102", "510107",
    "511321", "370102", "350102", "130102", "140105", "500103", "610113", "230102", "450102", "520102", "620102",
];

const CREDIT_ALPHABET: &[u8] = b"0123456789ABCDEFGHJKLMNPQRTUWXY";

pub fn person_name(rng: &mut StdRng) -> String {
    let surname = pick(rng, SURNAMES);
    let given = pick(rng, GIVEN);
    if given.chars().count() == 1 && rng.gen_bool(0.5) {
        format!("{surname}{given}{}", pick(rng, GIVEN).chars().next().unwrap_or('明'))
    } else {
        format!("{surname}{given}")
    }
}

/// 18 characters: region, birth date between 1955 and 2005, sequence, and
/// the GB 11643 check character.
pub fn resident_id(rng: &mut StdRng) -> String {
    let birth = NaiveDate::from_ymd_opt(rng.gen_range(1955..=2005), rng.gen_range(1..=12), rng.gen_range(1..=28))
        .expect("days 1 to 28 exist in every month");
    let first17 = format!(
        "{}{:04}{:02}{:02}{:03}",
        pick(rng, ID_REGIONS),
        birth.year(),
        birth.month(),
        birth.day(),
        rng.gen_range(1..1000)
    );
    let check = resident_id_check_char(&first17).expect("17 ASCII digits");
    format!("{first17}{check}")
}

/// `1[3-9]` and nine more digits.
pub fn mobile(rng: &mut StdRng) -> String {
    format!("1{}{:09}", rng.gen_range(3..=9), rng.gen_range(0..1_000_000_000u32))
}

/// 18 characters: `91` (an enterprise), the district, a nine-character
/// organisation code and the GB 32100 check character.
pub fn credit_code(rng: &mut StdRng, district: &str) -> String {
    let organisation: String =
        (0..9).map(|_| char::from(CREDIT_ALPHABET[rng.gen_range(0..CREDIT_ALPHABET.len())])).collect();
    let first17 = format!("91{district}{organisation}");
    let check = credit_code_check_char(&first17).expect("17 characters of the alphabet");
    format!("{first17}{check}")
}

/// An employer that complaints name, with its credit code.
#[derive(Debug, Clone)]
pub struct Employer {
    pub name: String,
    pub credit_code: String,
}

/// A fixed roster of employers: some are named in many complaints, as in a
/// real city where a few large employers and agencies dominate.
pub fn employers(rng: &mut StdRng, districts: &[String], count: usize) -> Vec<Employer> {
    let mut seen = std::collections::HashSet::new();
    let mut out = Vec::with_capacity(count);
    // Bounded: the name space is far larger than any count asked for.
    for _ in 0..count * 20 {
        if out.len() == count {
            break;
        }
        let name = format!("上海{}{}{}", pick(rng, BRANDS), pick(rng, TRADES), pick(rng, COMPANY_FORMS));
        if seen.insert(name.clone()) {
            let district = &districts[rng.gen_range(0..districts.len())];
            out.push(Employer { credit_code: credit_code(rng, district), name });
        }
    }
    out
}

/// An employer named in one complaint and, most likely, never again: a
/// shop or small firm of the city's hundreds of thousands. Its name is
/// drawn from a far larger space than the roster's, so that two of them
/// seldom share one, and never with the roster (whose names are shorter).
pub fn one_off_employer(rng: &mut StdRng, district: &str) -> Employer {
    let name = format!(
        "上海{}{}{}{}{}",
        pick(rng, BRANDS),
        pick(rng, BRANDS),
        pick(rng, GIVEN),
        pick(rng, TRADES),
        pick(rng, COMPANY_FORMS)
    );
    Employer { credit_code: credit_code(rng, district), name }
}

/// An index skewed towards the front: the first items are named far more
/// often than those of the long tail.
pub fn skewed_index(rng: &mut StdRng, len: usize) -> usize {
    let u: f64 = rng.gen();
    ((u * u) * len as f64) as usize % len
}

/// Roughly each district's share of the city's complaints, by population;
/// a district an administrator added later gets an average share.
pub fn district_weight(code: &str) -> u32 {
    match code {
        "310101" => 8,
        "310104" => 15,
        "310105" => 10,
        "310106" => 14,
        "310107" => 12,
        "310115" => 41,
        _ => 12,
    }
}

pub fn pick<'a>(rng: &mut StdRng, items: &[&'a str]) -> &'a str {
    items[rng.gen_range(0..items.len())]
}

/// The six elements of a statement and the demand.
#[derive(Debug, Clone)]
pub struct Statement {
    pub when: String,
    pub where_: String,
    pub who: String,
    pub cause: String,
    pub course: String,
    pub result: String,
    pub demand: String,
}

impl Statement {
    /// The text keyword routing rules look in, joined as the app joins it.
    pub fn routing_text(&self) -> String {
        [&self.when, &self.where_, &self.who, &self.cause, &self.course, &self.result, &self.demand]
            .iter()
            .map(|s| s.as_str())
            .collect::<Vec<_>>()
            .join("\n")
    }
}

/// Phrases that occur in statements, for the search scenario.
pub const SEARCH_WORDS: &[&str] =
    &["补缴", "拖欠工资", "养老金", "工伤认定", "失业保险金", "医保报销", "生育津贴", "态度", "推诿", "泄露"];

/// What the complaint is about, by category: (cause, course, result, demand).
fn matter(rng: &mut StdRng, category: Category, months: u32) -> (String, String, String, String) {
    let amount = rng.gen_range(8..400) * 100;
    let (cause, course, result, demand) = match category {
        Category::PolicyExecution => match rng.gen_range(0..6) {
            0 => (
                format!("公司自{}月起未为我缴纳社会保险", rng.gen_range(1..=12)),
                "我多次向人事部门提出，对方称资金紧张拒绝补缴".to_string(),
                format!("社保缴费记录中断{months}个月"),
                "责令公司依法补缴社会保险费".to_string(),
            ),
            1 => (
                format!("公司拖欠工资{months}个月，共计{amount}元"),
                "与公司负责人协商多次未果，对方承诺付款后一直推诿".to_string(),
                "生活陷入困难，无法按时交房租".to_string(),
                "要求督促公司支付拖欠工资".to_string(),
            ),
            2 => (
                "退休后养老金核定金额与缴费年限不符".to_string(),
                "向养老保险经办窗口咨询，答复需要等待重新核算，至今没有结果".to_string(),
                format!("每月养老金少发约{}元", amount / 20),
                "要求重新核定养老金待遇".to_string(),
            ),
            3 => (
                "申领失业保险金被告知材料不全，但未说明缺少什么".to_string(),
                "前后三次提交材料，每次被要求补充不同的证明".to_string(),
                format!("失业保险金已{months}个月未能领取"),
                "要求一次性告知所需材料并尽快发放失业保险金".to_string(),
            ),
            4 => (
                "工伤认定申请提交后超过法定时限仍未作出决定".to_string(),
                format!("{}月提交工伤认定申请，多次电话询问均称在审核中", rng.gen_range(1..=12)),
                "医疗费用无法报销，停工留薪期待遇未落实".to_string(),
                "要求依法及时作出工伤认定".to_string(),
            ),
            _ => (
                "生育津贴申领后未按时发放，医保报销比例与政策不符".to_string(),
                "在医保窗口办理时被告知系统问题，需要等待".to_string(),
                format!("垫付医疗费用{amount}元至今未报销"),
                "要求按政策报销医疗费用并发放生育津贴".to_string(),
            ),
        },
        Category::LabourInspection => (
            format!("公司拖欠工资{months}个月，共计{amount}元，且未与我签订书面劳动合同"),
            "与公司负责人协商多次未果，对方承诺付款后一直推诿".to_string(),
            "生活陷入困难，无法按时交房租".to_string(),
            "要求劳动保障监察责令公司支付拖欠工资".to_string(),
        ),
        Category::ServiceAttitude => (
            "窗口工作人员态度生硬，对咨询不耐烦".to_string(),
            "排队两个小时后，工作人员未听完情况就让我回去等通知，询问时对方态度恶劣".to_string(),
            "事项没有办成，白跑一趟".to_string(),
            "要求工作人员改进服务态度并给予答复".to_string(),
        ),
        Category::PrivacyRights => (
            "个人社保信息疑似被泄露，频繁接到推销电话".to_string(),
            "办理社保卡业务后不久即接到自称社保中心的来电，对方掌握我的身份证号和参保信息".to_string(),
            "个人信息安全受到威胁".to_string(),
            "要求调查信息泄露原因并追究责任".to_string(),
        ),
        Category::ProcessConvenience => (
            "办理退休手续需要反复提交相同材料，线上办理系统经常无法登录".to_string(),
            format!("为同一事项往返窗口{}次，每次要求的材料不一致", rng.gen_range(2..6)),
            "耽误工作时间，事项仍未办结".to_string(),
            "要求简化办理流程，实行一次告知".to_string(),
        ),
        Category::StaffMisconduct => (
            "工作人员在办理业务时暗示收取好处费".to_string(),
            "工作人员称可以加快办理，但需要额外支付费用，我拒绝后办理被拖延".to_string(),
            "业务办理被故意拖延".to_string(),
            "要求调查处理该工作人员的违规违纪行为".to_string(),
        ),
        Category::ReplyAppeal => (
            "对此前投诉的答复结果不满意".to_string(),
            "收到答复后认为未解决实际问题，答复内容与事实不符".to_string(),
            "诉求未得到解决".to_string(),
            "要求重新调查并作出答复".to_string(),
        ),
    };
    (cause, course, result, demand)
}

/// A statement about `respondent`, in the words citizens use for this
/// category, dated before `received_on`.
pub fn statement(
    rng: &mut StdRng,
    category: Category,
    kind: RespondentKind,
    respondent: &str,
    district_name: &str,
    received_on: NaiveDate,
) -> Statement {
    let months = rng.gen_range(1..=6u32);
    let start = received_on - chrono::Duration::days(i64::from(months) * 30);
    let when = if rng.gen_bool(0.5) {
        format!("{}年{}月至{}月", start.year(), start.month(), received_on.month())
    } else {
        format!("{}年{}月{}日", start.year(), start.month(), start.day())
    };
    let (where_, who) = match kind {
        RespondentKind::Employer => (
            format!("{district_name}{respondent}"),
            format!("公司{}{}某", pick(rng, &["人事经理", "负责人", "财务主管", "部门主管"]), pick(rng, SURNAMES)),
        ),
        RespondentKind::BureauOffice => (
            format!("{respondent}{}", pick(rng, &["窗口", "服务大厅", "网上办事大厅", "12333热线"])),
            format!("窗口工作人员{}某", pick(rng, SURNAMES)),
        ),
        RespondentKind::BureauStaff => (format!("{district_name}社会保险服务中心"), format!("工作人员{respondent}")),
    };
    let (cause, course, result, demand) = matter(rng, category, months);
    Statement { when, where_, who, cause, course, result, demand }
}

/// What a caseworker writes back.
pub fn reply_text(rng: &mut StdRng) -> String {
    pick(
        rng,
        &[
            "经调查核实，用人单位已为您补缴相关社会保险费，请登录网上办事大厅查询缴费记录。",
            "经核查，您反映的情况属实，我们已责令相关单位限期整改，并将持续跟踪落实。",
            "经复核，您的养老金待遇已按规定重新核定，差额部分将于下月一并发放。",
            "我们已对相关工作人员进行批评教育，并在全系统开展服务规范整改，感谢您的监督。",
            "经调查，未发现您反映的违规情况，相关政策依据已电话向您解释说明。",
            "您申请的待遇已审核通过，款项将于十个工作日内发放至您的社保卡金融账户。",
        ],
    )
    .to_string()
}

pub fn refusal_reason(rng: &mut StdRng) -> &'static str {
    pick(rng, &["该事项已进入劳动仲裁程序", "投诉事项不属于本局职责范围", "无新的事实和理由重复投诉"])
}

pub fn evidence_request(rng: &mut StdRng) -> &'static str {
    pick(rng, &["请提供劳动合同", "请提供工资银行流水", "请补充相关票据复印件", "请提供身份证明及授权委托书"])
}

pub fn staff_note(rng: &mut StdRng) -> &'static str {
    pick(rng, &["已电话联系投诉人，核实基本情况", "已调取参保缴费记录", "已约谈用人单位负责人", "等待业务科室回复意见"])
}

pub fn extension_reason(rng: &mut StdRng) -> &'static str {
    pick(rng, &["需调取银行流水核实", "涉及多个部门联合调查", "需等待司法鉴定结论"])
}

/// Why a supervisor turns an extension down, for the caseworker who asked.
pub fn extension_rejection_reason(rng: &mut StdRng) -> &'static str {
    pick(rng, &["材料齐全，可按期办结", "调查已基本完成，请按原时限答复", "不属于需延期的复杂情形"])
}

pub fn transfer_reason(rng: &mut StdRng) -> &'static str {
    pick(rng, &["不属于本部门职责，转相关部门办理", "涉及待遇核定，转业务科室办理"])
}

pub fn rating_comment(rng: &mut StdRng) -> &'static str {
    pick(rng, &["", "", "处理及时", "问题已解决，谢谢", "答复不够具体", "希望加快办理"])
}

#[cfg(test)]
mod tests {
    use super::*;
    use hotline::domain::credit_code::CreditCode;
    use hotline::domain::mobile::Mobile;
    use hotline::domain::resident_id::ResidentId;
    use rand::SeedableRng;

    #[test]
    fn generated_personal_data_passes_the_apps_own_checks() {
        let mut rng = StdRng::seed_from_u64(7);
        let today = NaiveDate::from_ymd_opt(2026, 11, 25).unwrap();
        for _ in 0..2000 {
            ResidentId::parse(&resident_id(&mut rng), today).expect("a valid resident ID");
            Mobile::parse(&mobile(&mut rng)).expect("a valid mobile");
            CreditCode::parse(&credit_code(&mut rng, "310104")).expect("a valid credit code");
        }
    }

    #[test]
    fn employers_have_distinct_names() {
        let mut rng = StdRng::seed_from_u64(7);
        let roster = employers(&mut rng, &["310104".to_string()], 500);
        assert_eq!(roster.len(), 500);
        let names: std::collections::HashSet<&str> = roster.iter().map(|e| e.name.as_str()).collect();
        assert_eq!(names.len(), 500);
    }
}
