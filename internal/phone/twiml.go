package phone

import (
	"bytes"
	"encoding/xml"
	"net/http"
)

// TwiML, the provider's XML for what a call says and what a text replies.
// Only the verbs used here are modelled; encoding/xml escapes every text.

type twiml struct {
	XMLName xml.Name `xml:"Response"`
	Verbs   []any
}

type say struct {
	XMLName xml.Name `xml:"Say"`
	Text    string   `xml:",chardata"`
}

type pause struct {
	XMLName xml.Name `xml:"Pause"`
	Length  int      `xml:"length,attr"`
}

type gather struct {
	XMLName   xml.Name `xml:"Gather"`
	NumDigits int      `xml:"numDigits,attr"`
	Action    string   `xml:"action,attr"`
	Method    string   `xml:"method,attr"`
	Timeout   int      `xml:"timeout,attr"`
	Verbs     []any
}

type hangup struct {
	XMLName xml.Name `xml:"Hangup"`
}

type message struct {
	XMLName xml.Name `xml:"Message"`
	Text    string   `xml:",chardata"`
}

// render returns the document for verbs.
func render(verbs ...any) []byte {
	var b bytes.Buffer
	b.WriteString(xml.Header)
	enc := xml.NewEncoder(&b)
	enc.Indent("", "  ")
	if err := enc.Encode(twiml{Verbs: verbs}); err != nil {
		// Only the types above are encoded: this cannot happen.
		panic("phone: encoding TwiML: " + err.Error())
	}
	b.WriteByte('\n')
	return b.Bytes()
}

func writeTwiML(w http.ResponseWriter, doc []byte) {
	w.Header().Set("Content-Type", "text/xml; charset=utf-8")
	w.Write(doc)
}
