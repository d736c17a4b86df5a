package core

import (
	"herald/backend/campaigns"
	"herald/backend/inbox"
	"herald/backend/settings"
)

// optOutWords is the optOutWords setting, Herald's own list when empty.
func (c *Core) optOutWords() []string {
	v, _ := c.Settings.Get(settings.OptOutWords)
	if words := campaigns.ParseOptOutWords(v); len(words) > 0 {
		return words
	}
	return campaigns.DefaultOptOutWords()
}

// testNumber is the number set for tests, "" when none or unreadable.
func (c *Core) testNumber() string {
	v, _ := c.Settings.Get(settings.TestNumber)
	return v
}

// replyKeywords are the reply keywords set in Settings.
func (c *Core) replyKeywords() []inbox.Keyword {
	v, _ := c.Settings.Get(settings.ReplyKeywords)
	list := settings.ParseReplyKeywords(v)
	out := make([]inbox.Keyword, len(list))
	for i, k := range list {
		out[i] = inbox.Keyword{Word: k.Word, Tag: k.Tag}
	}
	return out
}

// defaultCountry is the defaultCountry setting, "" when it cannot be read.
func (c *Core) defaultCountry() string {
	v, _ := c.Settings.Get(settings.DefaultCountry)
	return v
}

// timeZone is the timeZone setting, "" (the computer's) when it cannot be
// read.
func (c *Core) timeZone() string {
	v, _ := c.Settings.Get(settings.TimeZone)
	return v
}
