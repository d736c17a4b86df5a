package engine

import (
	"math/rand/v2"
	"testing"
	"time"
)

// benchBody is a realistic campaign message of about 300 characters: three
// variables, one with a fallback, and two spintax groups, one nested.
const benchBody = "{Hi|Hello|Hey} {{first_name|there}} 👋\n\n" +
	"Our *spring sale* starts tomorrow, and because you shop at our {{custom.city|nearest}} store " +
	"you get early access to every offer. {Expect {20%|25%|30%} off selected items|Save big on new arrivals} " +
	"from 9:00 until late.\n\nWe will text {{phone}} when doors open.\n_Reply STOP to unsubscribe._"

// benchContacts generates n varied contacts, the same on every run: mixed
// scripts, some with only a full name, some with split names, a third with
// a city.
func benchContacts(n int) []Contact {
	firsts := []string{"Ann", "Mohammed", "Zoë", "José", "Mei", "Олег", "Aarav", "Fatima", "Noa", "Siobhán"}
	lasts := []string{"Lee", "Silva", "Al-Masri", "Kowalski", "Nguyen", "O'Brien", "Cohen", "Smith"}
	cities := []string{"Leeds", "Porto", "القاهرة", "Kraków", "Tel Aviv"}
	rng := rand.New(rand.NewPCG(1, 2))
	contacts := make([]Contact, n)
	for i := range contacts {
		first, last := firsts[rng.IntN(len(firsts))], lasts[rng.IntN(len(lasts))]
		c := Contact{Phone: "+44 7700 9" + string(rune('0'+i%10)) + "0123"}
		switch i % 4 {
		case 0:
			c.Name = first + " " + last
		case 1:
			c.FirstName, c.LastName = first, last
		case 2:
			c.Name, c.FirstName = first+" "+last, first
		case 3:
			c.Company = "Acme" // no name: the fallback is used
		}
		if i%3 == 0 {
			c.Custom = map[string]string{"city": cities[rng.IntN(len(cities))]}
		}
		contacts[i] = c
	}
	return contacts
}

// BenchmarkRender renders the compiled body for 100,000 contacts per
// operation and reports renders per second; sending needs at least 200,000.
func BenchmarkRender(b *testing.B) {
	tmpl := mustCompile(b, benchBody)
	contacts := benchContacts(100_000)
	now := time.Now()
	b.Run("AppendRender", func(b *testing.B) {
		buf := make([]byte, 0, 1024)
		b.ReportAllocs()
		for b.Loop() {
			for i := range contacts {
				var err error
				buf, err = tmpl.AppendRender(buf[:0], Context{Contact: contacts[i], Now: now, Seed: Seed(1, int64(i))})
				if err != nil {
					b.Fatal(err)
				}
			}
		}
		reportRenders(b, len(contacts))
	})
	b.Run("Render", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			for i := range contacts {
				if _, err := tmpl.Render(Context{Contact: contacts[i], Now: now, Seed: Seed(1, int64(i))}); err != nil {
					b.Fatal(err)
				}
			}
		}
		reportRenders(b, len(contacts))
	})
}

func reportRenders(b *testing.B, perOp int) {
	renders := float64(b.N) * float64(perOp)
	b.ReportMetric(renders/b.Elapsed().Seconds(), "renders/s")
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/renders, "ns/render")
}

// BenchmarkCompile shows what validating while the user types costs.
func BenchmarkCompile(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, problems := Compile(benchBody, book); len(problems) != 0 {
			b.Fatal(problems)
		}
	}
}
