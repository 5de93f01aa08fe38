//! Values of flags enums: several members sent as one comma-joined string.
//!
//! Graph writes a combination such as `password,sms` as a single string. [`Flags`] holds the
//! members in the order they came, keeping members it does not know through the enum's
//! catch-all variant.

use std::fmt;
use std::marker::PhantomData;
use std::str::FromStr;

use serde::de::{self, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A set of members of a flags enum `T`, in the order they were given.
///
/// The wire form is one string of members joined by `,` (`"password,sms"`); the empty
/// string is the empty set. Spaces around members are ignored on read and never written.
/// `T` is a generated enum: `From<String>` maps text to a member (unknown text to its
/// catch-all variant) and `AsRef<str>` gives a member's wire text.
///
/// Two sets are equal when they hold the same members, in any order.
#[derive(Debug, Clone)]
pub struct Flags<T> {
    members: Vec<T>,
}

impl<T> Flags<T> {
    /// The empty set.
    pub fn new() -> Self {
        Self {
            members: Vec::new(),
        }
    }

    /// The members, in order.
    pub fn iter(&self) -> std::slice::Iter<'_, T> {
        self.members.iter()
    }

    /// The members as a slice, in order.
    pub fn as_slice(&self) -> &[T] {
        &self.members
    }

    /// The number of members.
    pub fn len(&self) -> usize {
        self.members.len()
    }

    /// Whether the set has no members.
    pub fn is_empty(&self) -> bool {
        self.members.is_empty()
    }

    /// The members as a vector, in order.
    pub fn into_vec(self) -> Vec<T> {
        self.members
    }
}

impl<T: PartialEq> Flags<T> {
    /// Whether `member` is in the set.
    pub fn contains(&self, member: &T) -> bool {
        self.members.contains(member)
    }

    /// Adds `member` at the end unless it is already present; returns whether it was added.
    pub fn insert(&mut self, member: T) -> bool {
        let is_new = !self.contains(&member);
        if is_new {
            self.members.push(member);
        }
        is_new
    }
}

impl<T> Default for Flags<T> {
    fn default() -> Self {
        Self::new()
    }
}

impl<T> From<Vec<T>> for Flags<T> {
    fn from(members: Vec<T>) -> Self {
        Self { members }
    }
}

impl<T> FromIterator<T> for Flags<T> {
    fn from_iter<I: IntoIterator<Item = T>>(members: I) -> Self {
        Self {
            members: members.into_iter().collect(),
        }
    }
}

impl<'a, T> IntoIterator for &'a Flags<T> {
    type Item = &'a T;
    type IntoIter = std::slice::Iter<'a, T>;

    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

impl<T> IntoIterator for Flags<T> {
    type Item = T;
    type IntoIter = std::vec::IntoIter<T>;

    fn into_iter(self) -> Self::IntoIter {
        self.members.into_iter()
    }
}

impl<T: PartialEq> PartialEq for Flags<T> {
    fn eq(&self, other: &Self) -> bool {
        let covers = |a: &Self, b: &Self| a.iter().all(|member| b.contains(member));
        covers(self, other) && covers(other, self)
    }
}

impl<T: Eq> Eq for Flags<T> {}

impl<T: From<String>> FromStr for Flags<T> {
    type Err = std::convert::Infallible;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let members = text
            .split(',')
            .map(str::trim)
            .filter(|member| !member.is_empty());
        Ok(members.map(|member| T::from(member.to_owned())).collect())
    }
}

impl<T: AsRef<str>> fmt::Display for Flags<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (index, member) in self.members.iter().enumerate() {
            if index > 0 {
                f.write_str(",")?;
            }
            f.write_str(member.as_ref())?;
        }
        Ok(())
    }
}

impl<T: AsRef<str>> Serialize for Flags<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de, T: From<String>> Deserialize<'de> for Flags<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_str(FlagsVisitor(PhantomData))
    }
}

/// Reads a comma-joined string of members.
struct FlagsVisitor<T>(PhantomData<T>);

impl<T: From<String>> Visitor<'_> for FlagsVisitor<T> {
    type Value = Flags<T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string of flags enum members joined by commas")
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<Flags<T>, E> {
        let Ok(flags) = text.parse();
        Ok(flags)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn members_are_trimmed_and_empty_pieces_dropped() {
        let flags: Flags<String> = " a, b ,,c".parse().unwrap_or_default();
        assert_eq!(flags.as_slice(), ["a", "b", "c"]);
        assert_eq!(flags.to_string(), "a,b,c");
    }

    #[test]
    fn insert_skips_members_already_present() {
        let mut flags = Flags::from(vec!["a".to_owned()]);
        assert!(!flags.insert("a".to_owned()));
        assert!(flags.insert("b".to_owned()));
        assert_eq!(flags.as_slice(), ["a", "b"]);
    }
}
