//! The people of one document, and how later mentions find them.
//!
//! Every introduction, list line, turn label and later mention goes through
//! [`People::add`], which either finds the person already known ("Mr.
//! Yoshida", "Ms. Bogdan Martin", "Diego", "RGr") or adds a new one. Fields
//! fill in as better evidence arrives; the first value found for a field is
//! kept unless it was empty.

use std::cell::RefCell;
use std::collections::BTreeSet;

use crate::extract::names::{fold_tokens, gender_of};
use crate::model::{Evidence, Field};
use crate::util::TextMap;

/// Session roles, in the order they override each other.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Role {
    Speaker,
    Panellist,
    Keynote,
    Chair,
    Moderator,
}

impl Role {
    pub fn name(self) -> &'static str {
        match self {
            Role::Moderator => "moderator",
            Role::Chair => "chair",
            Role::Keynote => "keynote",
            Role::Panellist => "panellist",
            Role::Speaker => "speaker",
        }
    }
}

/// "TSC chair", "Managing Director: Chairperson", "Chair": the person
/// chairs the meeting, unless a vice, deputy or co-chair.
pub fn role_from_title(title: Option<&str>) -> Option<Role> {
    let t = title?.to_lowercase();
    let last = t.rsplit([' ', ':', ',']).next()?;
    let chair = matches!(last, "chair" | "chairperson" | "chairman" | "chairwoman");
    let deputy = ["vice", "deputy", "co-chair", "co chair", "former"]
        .iter()
        .any(|w| t.contains(w));
    (chair && !deputy && !t.contains(" of ")).then_some(Role::Chair)
}

/// How strongly `tokens` names `p`: 5 the same name or their initials,
/// 4 a surname or trailing part, 3 a fuller form or the same first and last
/// names, 2 a first name or alias, 0 someone else.
fn match_strength(p: &Person, tokens: &[String], first_name_ok: bool) -> u8 {
    let single = tokens.len() == 1;
    let both_full = tokens.len() >= 2 && p.tokens.len() >= 2;
    let same_last = p.tokens.last() == tokens.last();
    let initial_of =
        |a: &str, b: &str| a.chars().count() == 1 && a.chars().next() == b.chars().next();
    let same =
        p.tokens == tokens || single && p.initials.iter().any(|i| i.to_lowercase() == tokens[0]);
    // "J. Smith" ~ "John Smith"; "José A. Ordóñez" ~ "José Antonio Ordoñez".
    let initial_match = both_full
        && same_last
        && (initial_of(&tokens[0], &p.tokens[0]) || initial_of(&p.tokens[0], &tokens[0]));
    let first_and_last = both_full && same_last && p.tokens.first() == tokens.first();
    if same {
        5
    } else if p.tokens.ends_with(tokens) {
        4
    } else if (p.tokens.len() == 1 && tokens.ends_with(&p.tokens))
        || initial_match
        || first_and_last
    {
        3
    } else if single
        && (first_name_ok && p.tokens.first() == tokens.first()
            || p.alias_tokens.iter().any(|a| a == tokens))
    {
        2
    } else {
        0
    }
}

/// A key of the people index: a kind and words. The kinds: "l" last name,
/// "f" first name, "t" whole name, "e" an ending of two words or more, "a"
/// a one-word alias or initials, and "i" first letter and last name.
#[derive(Clone, Copy)]
enum Key<'a> {
    Words(char, &'a [String]),
    Initial(&'a [String]),
}

impl Key<'_> {
    fn word(kind: char, word: &String) -> Key<'_> {
        Key::Words(kind, std::slice::from_ref(word))
    }

    /// Append the key to `out`: by hand, as the formatting machinery cost
    /// as much as the look-up it served.
    fn write_into(self, out: &mut String) {
        match self {
            Key::Words(kind, words) => {
                out.push(kind);
                out.push(':');
                for (i, w) in words.iter().enumerate() {
                    if i > 0 {
                        out.push(' ');
                    }
                    out.push_str(w);
                }
            }
            Key::Initial(tokens) => {
                out.push_str("i:");
                out.push(tokens[0].chars().next().unwrap_or(' '));
                out.push(' ');
                out.push_str(&tokens[tokens.len() - 1]);
            }
        }
    }

    /// The key's length in bytes, so that an owned key is allocated once
    /// rather than grown word by word.
    fn len(self) -> usize {
        match self {
            Key::Words(kind, words) => {
                let text: usize = words.iter().map(String::len).sum();
                kind.len_utf8() + 1 + text + words.len().saturating_sub(1)
            }
            Key::Initial(tokens) => {
                let first = tokens[0].chars().next().map_or(1, char::len_utf8);
                2 + first + 1 + tokens[tokens.len() - 1].len()
            }
        }
    }

    fn to_owned_key(self) -> String {
        let mut out = String::with_capacity(self.len());
        self.write_into(&mut out);
        out
    }
}

/// One person known to the document.
#[derive(Clone, Debug, Default)]
pub struct Person {
    pub name: String,
    pub tokens: Vec<String>,
    pub honorific: Option<String>,
    pub title: Option<Field>,
    pub organization: Option<Field>,
    pub country: Option<Field>,
    pub role: Option<(Role, Field)>,
    /// Offset of the first evidence that this person takes the floor.
    pub speaks_at: Option<usize>,
    pub first_at: usize,
    pub last_at: usize,
    pub aliases: BTreeSet<String>,
    /// The aliases folded, kept beside them: matching compares folded
    /// tokens on every mention, and folding (NFKD) is not cheap.
    alias_tokens: Vec<Vec<String>>,
    pub initials: Vec<String>,
    pub mentions: usize,
    pub name_evidence: Option<Field>,
    /// Attendance list status ("present", "absent", "guests"), if listed.
    pub attendance: Option<(String, Evidence)>,
    pub section: usize,
    /// How many tokens, aliases and initials the index holds keys of.
    /// Names only grow (a longer name, one more alias or initials), so the
    /// keys change exactly when these counts do.
    indexed_as: (usize, usize, usize),
}

impl Person {
    fn add_alias(&mut self, alias: String) {
        if !self.aliases.contains(&alias) {
            self.alias_tokens.push(fold_tokens(&alias));
            self.aliases.insert(alias);
        }
    }
}

/// What an introduction or mention says about a person.
#[derive(Clone, Debug, Default)]
pub struct Mention {
    pub name: String,
    pub honorific: Option<String>,
    pub title: Option<String>,
    pub organization: Option<String>,
    pub country: Option<String>,
    pub role: Option<Role>,
    pub initials: Option<String>,
    pub alias: Option<String>,
    pub speaks: bool,
    pub attendance: Option<String>,
    /// Whether a one-token mention may be a first name ("Diego:").
    pub first_name_ok: bool,
    /// Whether this mention may create a person (not only find one).
    pub may_create: bool,
    pub rule: &'static str,
    pub evidence: Evidence,
    /// Offset in the normalised text, for ordering and recency.
    pub at: usize,
    pub section: usize,
}

/// The people of one document.
#[derive(Clone, Debug, Default)]
pub struct People {
    pub people: Vec<Person>,
    /// People by folded last name ("l:"), first name ("f:"), whole name
    /// ("t:"), first letter and last name ("i:"), endings of two words or
    /// more ("e:"), and one-word aliases or initials ("a:"): a mention is
    /// compared only with the people it could name, so 20,000 speakers
    /// cost 20,000 look-ups.
    index: TextMap<String, Vec<usize>>,
    /// Each folded last name's people by gender (none, 'm', 'f'), ordered
    /// by their last mention: a mention by surname alone ("Ms. Lima") names
    /// the latest one it may refer to, without scoring the hundreds who
    /// share a surname in a long document.
    latest: TextMap<String, [BTreeSet<(usize, usize)>; 3]>,
    /// Where each person stands in `latest`: (last name, gender, last_at).
    latest_key: Vec<Option<(String, usize, usize)>>,
}

/// The gender classes of `People::latest`.
fn gender_class(gender: Option<char>) -> usize {
    match gender {
        Some('m') => 1,
        Some('f') => 2,
        _ => 0,
    }
}

impl People {
    /// Find the person a mention refers to, or add them; returns the index.
    pub fn add(&mut self, m: Mention) -> Option<usize> {
        let tokens = fold_tokens(&m.name);
        if tokens.is_empty() {
            return None;
        }
        let found = self.find(&tokens, m.honorific.as_deref(), m.first_name_ok);
        let i = match found {
            Some(i) => i,
            None if m.may_create => {
                self.people.push(Person {
                    name: m.name.clone(),
                    tokens: tokens.clone(),
                    first_at: m.at,
                    section: m.section,
                    ..Person::default()
                });
                self.people.len() - 1
            }
            None => return None,
        };
        self.merge(i, m, &tokens);
        self.reindex(i);
        Some(i)
    }

    /// The person `tokens` names: same name, a suffix of a fuller name
    /// (surname), the first name, initials, or a fuller form of a one-token
    /// name; the most recently mentioned wins a tie.
    pub fn find(
        &self,
        tokens: &[String],
        honorific: Option<&str>,
        first_name_ok: bool,
    ) -> Option<usize> {
        let gender = gender_of(honorific);
        if tokens.len() > 1 {
            // Whoever a full name can score with shares its last name and
            // either its first letter (the same name, an initial, the same
            // first name), or is that last name alone, or has it as the end
            // of a longer name: three small lists instead of everyone with
            // that last name.
            let keys = [
                Key::Initial(tokens),
                Key::Words('t', &tokens[tokens.len() - 1..]),
                Key::Words('e', tokens),
            ];
            let candidates: Vec<usize> =
                keys.iter().flat_map(|&k| self.listed(k)).copied().collect();
            return self
                .best(&candidates, tokens, gender, first_name_ok)
                .map(|(_, _, i)| i);
        }
        // One word. Everyone who scores 5 (the same name, or these
        // initials) is under the whole name's key or the one-word alias key.
        let one = &tokens[0];
        let exact: Vec<usize> = [Key::Words('t', tokens), Key::word('a', one)]
            .iter()
            .flat_map(|&k| self.listed(k))
            .copied()
            .collect();
        if let Some((5, _, i)) = self.best(&exact, tokens, gender, first_name_ok) {
            return Some(i);
        }
        // With no 5, a lone surname scores 4 with everyone of that last
        // name whose gender does not contradict it, and nobody else does:
        // the latest of them wins.
        let classes: &[usize] = match gender_class(gender) {
            0 => &[0, 1, 2],
            c => &[0, c],
        };
        let latest = self.latest.get(one).and_then(|sets| {
            classes
                .iter()
                .filter_map(|&c| sets[c].last())
                .max()
                .copied()
        });
        match latest {
            Some((_, i)) => Some(i),
            None => self.find_by_scan(tokens, gender, first_name_ok),
        }
    }

    /// [`People::find`] by scoring everyone who shares the last name, first
    /// name or alias.
    fn find_by_scan(
        &self,
        tokens: &[String],
        gender: Option<char>,
        first_name_ok: bool,
    ) -> Option<usize> {
        let mut candidates: Vec<usize> = Vec::new();
        // Every rule but first names and aliases needs the same last name.
        let mut keys = vec![Key::word('l', &tokens[tokens.len() - 1])];
        if tokens.len() == 1 {
            keys.push(Key::word('a', &tokens[0]));
            if first_name_ok {
                keys.push(Key::word('f', &tokens[0]));
            }
        }
        for &key in &keys {
            candidates.extend(self.listed(key));
        }
        self.best(&candidates, tokens, gender, first_name_ok)
            .map(|(_, _, i)| i)
    }

    /// The best of `candidates` for `tokens`: (score, last_at, index).
    fn best(
        &self,
        candidates: &[usize],
        tokens: &[String],
        gender: Option<char>,
        first_name_ok: bool,
    ) -> Option<(u8, usize, usize)> {
        let score = |p: &Person| -> u8 {
            if gender.is_some()
                && p.honorific
                    .as_deref()
                    .and_then(|h| gender_of(Some(h)))
                    .is_some_and(|g| Some(g) != gender)
            {
                return 0;
            }
            match_strength(p, tokens, first_name_ok)
        };
        candidates
            .iter()
            .map(|&i| (score(&self.people[i]), self.people[i].last_at, i))
            .filter(|&(s, _, _)| s > 0)
            .max()
    }

    /// Who the index lists under `key`. The key is written into a buffer
    /// kept for the purpose: looking a mention up allocates nothing.
    fn listed(&self, key: Key<'_>) -> &[usize] {
        thread_local! {
            static BUFFER: RefCell<String> = const { RefCell::new(String::new()) };
        }
        BUFFER.with_borrow_mut(|buffer| {
            buffer.clear();
            key.write_into(buffer);
            self.index
                .get(buffer.as_str())
                .map_or(&[][..], Vec::as_slice)
        })
    }

    /// Whether someone was introduced with these initials ("RGr").
    pub fn has_initials(&self, initials: &str) -> bool {
        self.listed(Key::word('a', &initials.to_lowercase()))
            .iter()
            .any(|&i| self.people[i].initials.iter().any(|x| x == initials))
    }

    /// Make person `i` findable by its current names.
    fn reindex(&mut self, i: usize) {
        let p = &self.people[i];
        let names = (p.tokens.len(), p.alias_tokens.len(), p.initials.len());
        if p.indexed_as != names {
            self.people[i].indexed_as = names;
            self.index_names(i);
        }
        self.reindex_latest(i);
    }

    /// Add the keys of person `i`'s names to the index.
    fn index_names(&mut self, i: usize) {
        let p = &self.people[i];
        let mut keys = Vec::new();
        if let (Some(first), Some(last)) = (p.tokens.first(), p.tokens.last()) {
            keys.push(Key::word('l', last).to_owned_key());
            keys.push(Key::word('f', first).to_owned_key());
        }
        for alias in &p.alias_tokens {
            if let [one] = alias.as_slice() {
                keys.push(Key::word('a', one).to_owned_key());
            }
        }
        for initials in &p.initials {
            keys.push(Key::word('a', &initials.to_lowercase()).to_owned_key());
        }
        keys.push(Key::Words('t', &p.tokens).to_owned_key());
        if !p.tokens.is_empty() {
            keys.push(Key::Initial(&p.tokens).to_owned_key());
        }
        // Every shorter ending of two words or more ("Ana Lima" of "Maria
        // Ana Lima"), which a full-name mention may be.
        for from in 1..p.tokens.len().saturating_sub(1) {
            keys.push(Key::Words('e', &p.tokens[from..]).to_owned_key());
        }
        for key in keys {
            let list = self.index.entry(key).or_default();
            if !list.contains(&i) {
                list.push(i);
            }
        }
    }

    /// Move person `i` to its place in `latest`, by its last mention.
    fn reindex_latest(&mut self, i: usize) {
        let p = &self.people[i];
        let Some(last) = p.tokens.last() else {
            return;
        };
        let (class, at) = (gender_class(gender_of(p.honorific.as_deref())), p.last_at);
        if self.latest_key.len() <= i {
            self.latest_key.resize(i + 1, None);
        }
        // Mostly the same name moves on to a later mention: the key it is
        // filed under is kept, not cloned again.
        let name = match self.latest_key[i].take() {
            Some(old) if old.0 == *last && (old.1, old.2) == (class, at) => {
                self.latest_key[i] = Some(old);
                return;
            }
            Some((name, old_class, old_at)) => {
                if let Some(sets) = self.latest.get_mut(&name) {
                    sets[old_class].remove(&(old_at, i));
                }
                if name == *last {
                    name
                } else {
                    last.clone()
                }
            }
            None => last.clone(),
        };
        match self.latest.get_mut(&name) {
            Some(sets) => sets[class].insert((at, i)),
            None => self.latest.entry(name.clone()).or_default()[class].insert((at, i)),
        };
        self.latest_key[i] = Some((name, class, at));
    }

    fn merge(&mut self, i: usize, m: Mention, tokens: &[String]) {
        let p = &mut self.people[i];
        p.mentions += 1;
        p.last_at = p.last_at.max(m.at);
        p.first_at = p.first_at.min(m.at);
        let field = |value: String| Field {
            field: "",
            value,
            rule: m.rule,
            evidence: m.evidence.clone(),
        };
        if tokens.len() > p.tokens.len()
            && (p.tokens.len() == 1 && tokens.ends_with(&p.tokens) || tokens.ends_with(&p.tokens))
        {
            // A fuller form of a name first seen as a surname or first name.
            let old = std::mem::take(&mut p.name);
            p.add_alias(old);
            p.name = m.name.clone();
            p.tokens = tokens.to_vec();
            p.name_evidence = None;
        } else if tokens != p.tokens {
            p.add_alias(m.name.clone());
        }
        if p.name_evidence.is_none() && tokens == p.tokens {
            p.name_evidence = Some(field(m.name.clone()));
        }
        if let Some(alias) = &m.alias {
            p.add_alias(alias.clone());
        }
        if p.honorific.is_none() {
            p.honorific = m.honorific.clone();
        }
        if p.title.is_none() {
            p.title = m.title.clone().map(field);
        }
        if p.organization.is_none() {
            p.organization = m.organization.clone().map(field);
        }
        if p.country.is_none() {
            p.country = m.country.clone().map(field);
        }
        if let Some(role) = m.role {
            if p.role.as_ref().is_none_or(|(r, _)| role > *r) {
                p.role = Some((role, field(role.name().to_string())));
            }
        }
        if let Some(initials) = m.initials {
            if !p.initials.contains(&initials) {
                p.initials.push(initials);
            }
        }
        if m.speaks && p.speaks_at.is_none_or(|at| m.at < at) {
            if p.speaks_at.is_none() {
                p.section = m.section;
            }
            p.speaks_at = Some(m.at);
        }
        if let (Some(status), None) = (m.attendance, &p.attendance) {
            p.attendance = Some((status, m.evidence.clone()));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mention(name: &str, hon: Option<&str>, at: usize) -> Mention {
        Mention {
            name: name.into(),
            honorific: hon.map(Into::into),
            may_create: true,
            speaks: true,
            at,
            ..Mention::default()
        }
    }

    /// An owned key is allocated at its length: what `len` says is what
    /// is written, for one or more words, initials and non-ASCII letters.
    #[test]
    fn key_len_is_the_written_length() {
        let names: Vec<Vec<String>> = [
            &["lima"][..],
            &["ana", "lima"],
            &["élodie", "maria", "rautenbach"],
            &["ōtsuka", "x"],
            &[""],
        ]
        .iter()
        .map(|ws| ws.iter().map(|w| w.to_string()).collect())
        .collect();
        for words in &names {
            for key in [
                Key::Words('t', words),
                Key::Words('é', words),
                Key::Initial(words),
            ] {
                let owned = key.to_owned_key();
                assert_eq!(key.len(), owned.len(), "{owned:?}");
                assert_eq!(owned.capacity(), owned.len(), "{owned:?}");
            }
        }
    }

    #[test]
    fn later_mentions_find_the_same_person() {
        let mut people = People::default();
        let a = people.add(mention("Doreen Bogdan-Martin", Some("Ms."), 0));
        let b = people.add(mention("Hiroshi Yoshida", Some("H.E. Mr."), 10));
        assert_eq!(
            people.add(Mention {
                may_create: false,
                ..mention("Bogdan Martin", Some("Ms."), 20)
            }),
            a
        );
        assert_eq!(people.add(mention("Yoshida", Some("Mr."), 30)), b);
        assert_eq!(people.people.len(), 2);
        assert_eq!(people.people[0].mentions, 2);
        assert!(people.people[0].aliases.contains("Bogdan Martin"));
    }

    #[test]
    fn the_indexed_find_equals_scoring_everyone_who_shares_a_name() {
        // A small pseudo-random stream of mentions over few names, so that
        // surnames, first names, initials and aliases collide often.
        let mut seed = 0x2545_f491_u64;
        let mut next = |n: usize| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % n as u64) as usize
        };
        let given = ["Ana", "John", "Li", "Maria", "Omar", "Jane"];
        let last = ["Lima", "Smith", "Wei", "Diallo"];
        let hons = [
            None,
            Some("Mr."),
            Some("Ms."),
            Some("Dr."),
            Some("H.E. Mr."),
        ];
        let mut people = People::default();
        let mut fast_hits = 0;
        for step in 0..4000 {
            let (g, l) = (given[next(given.len())], last[next(last.len())]);
            let name = match next(7) {
                0 => l.to_string(),
                1 => g.to_string(),
                2 => format!("{} {l}", &g[..1]),
                3 => format!("{g} {} {l}", ["van", "de"][next(2)]),
                4 => format!("{} {g} {l}", given[next(given.len())]),
                _ => format!("{g} {l}"),
            };
            let hon = hons[next(hons.len())];
            let first_name_ok = next(2) == 0;
            let tokens = fold_tokens(&name);
            let gender = gender_of(hon);
            let scanned = people.find_by_scan(&tokens, gender, first_name_ok);
            let found = people.find(&tokens, hon, first_name_ok);
            assert_eq!(found, scanned, "step {step}: {hon:?} {name:?}");
            fast_hits += usize::from(tokens.len() == 1 && found.is_some());
            let mut m = mention(&name, hon, next(100_000));
            m.first_name_ok = first_name_ok;
            m.may_create = next(4) != 0;
            if next(10) == 0 {
                m.initials = Some(format!("{}{}", &g[..1], &l[..2]));
            }
            people.add(m);
        }
        assert!(
            people.people.len() > 20 && fast_hits > 500,
            "{} people, {fast_hits}",
            people.people.len()
        );
    }

    #[test]
    fn gender_separates_people_sharing_a_surname() {
        let mut people = People::default();
        let he = people.add(mention("John Smith", Some("Mr."), 0));
        let she = people.add(mention("Jane Smith", Some("Ms."), 10));
        assert_ne!(he, she);
        assert_eq!(people.add(mention("Smith", Some("Mr."), 20)), he);
        assert_eq!(people.add(mention("Smith", Some("Ms."), 30)), she);
        // An honorific learnt later moves a person to that gender.
        let mut people = People::default();
        let he = people.add(mention("John Smith", None, 10));
        let she = people.add(mention("Jane Smith", Some("Ms."), 0));
        assert_eq!(people.add(mention("John Smith", Some("Mr."), 20)), he);
        assert_eq!(people.find(&["smith".to_string()], Some("Ms."), false), she);
        assert_eq!(people.find(&["smith".to_string()], None, false), he);
    }

    #[test]
    fn a_fuller_name_replaces_a_surname() {
        let mut people = People::default();
        let a = people.add(mention("Osman", None, 0));
        assert_eq!(people.add(mention("Jamal Osman", None, 5)), a);
        assert_eq!(people.people[0].name, "Jamal Osman");
        assert!(people.people[0].aliases.contains("Osman"));
    }

    /// Initials and aliases learnt from a later mention are found as soon
    /// as they are learnt, though the person was indexed before.
    #[test]
    fn names_learnt_later_are_indexed() {
        let mut people = People::default();
        let a = people.add(mention("Ana Lima", Some("Ms."), 0));
        let one = |w: &str| [w.to_string()];
        assert_eq!(people.find(&one("al"), None, false), None);
        assert_eq!(people.find(&one("nana"), None, false), None);
        let mut later = mention("Ana Lima", None, 10);
        later.initials = Some("AL".to_string());
        assert_eq!(people.add(later), a);
        assert_eq!(people.find(&one("al"), None, false), a);
        let mut later = mention("Ana Lima", None, 20);
        later.alias = Some("Nana".to_string());
        assert_eq!(people.add(later), a);
        assert_eq!(people.find(&one("nana"), None, false), a);
    }
}
