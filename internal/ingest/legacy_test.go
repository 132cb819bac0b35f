package ingest_test

import (
	"testing"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"

	"github.com/storyline-news/storyline/internal/ingest"
)

// TestToUTF8LegacyEuropean: news text saved in an 8-bit charset of
// Central Europe (Czech, Polish, Hungarian in Windows-1250 or ISO-8859-2)
// is decoded in that charset, not as Windows-1252, which turned
// "zemětřesení" into "zemìtøesení"; Western text in Windows-1252 stays
// Windows-1252.
func TestToUTF8LegacyEuropean(t *testing.T) {
	tests := []struct {
		name string
		enc  encoding.Encoding
		text string
	}{
		{"czech windows-1250", charmap.Windows1250, "Podle zprávy Organizace spojených národů zanechalo zemětřesení na Haiti přesně 222 570 mrtvých a 1 300 000 uprchlíků. Čtvrtek přinesl další otřesy, které poškodily školy, nemocnice a přístavy na jihu země."},
		{"polish iso-8859-2", charmap.ISO8859_2, "Rząd w Warszawie poinformował w środę, że pomoc dla ofiar trzęsienia ziemi zostanie zwiększona. Żołnierze i strażacy pracują przez całą noc, a szpitale przyjmują rannych z najbardziej zniszczonych miejscowości."},
		{"hungarian windows-1250", charmap.Windows1250, "A kormány szerdán bejelentette, hogy a földrengés áldozatainak nyújtott segítséget jelentősen növelik. A mentőcsapatok egész éjjel dolgoztak, a kórházak pedig folyamatosan fogadják a sérülteket a leginkább érintett településekről."},
		{"french windows-1252", charmap.Windows1252, "Le gouvernement a annoncé mercredi que l'aide aux victimes du séisme serait considérablement augmentée. Les équipes de secours ont travaillé toute la nuit, et les hôpitaux accueillent des blessés venus des régions les plus touchées."},
		{"german windows-1252", charmap.Windows1252, "Die Regierung kündigte am Mittwoch an, die Hilfe für die Opfer des Erdbebens deutlich zu erhöhen. Rettungsteams arbeiteten die ganze Nacht, und die Krankenhäuser nehmen Verletzte aus den am stärksten betroffenen Orten auf, hieß es."},
		{"spanish windows-1252", charmap.Windows1252, "El Gobierno anunció el miércoles que la ayuda a las víctimas del terremoto aumentará de forma considerable. Los equipos de rescate trabajaron durante toda la noche y los hospitales reciben heridos de las zonas más afectadas del país."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := tt.enc.NewEncoder().Bytes([]byte(tt.text))
			if err != nil {
				t.Fatal(err)
			}
			got, repaired := ingest.ToUTF8(b)
			if string(got) != tt.text || !repaired {
				t.Errorf("ToUTF8 = %q (repaired %v), want %q", got, repaired, tt.text)
			}
		})
	}
}
