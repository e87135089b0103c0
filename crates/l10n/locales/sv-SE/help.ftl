# vmrescue — hjälp på kommandoraden (`vmrescue --help`, `vmrescue KOMMANDO --help`).
# Samma id:n som en-US/help.ftl. Kommandonamn, flaggor, värdenamn (SOURCE,
# PATH, KEY …), sökvägar, registernamn och kod står kvar som de är.

## Clap:s egna ord.
help-clap-usage = Användning
help-clap-arguments = Argument
help-clap-options = Alternativ
help-clap-commands = Kommandon
help-clap-print-help = Visa hjälp
help-clap-print-help-short = Visa hjälp (mer med '--help')
help-clap-print-help-long = Visa hjälp (en sammanfattning med '-h')
help-clap-print-version = Visa version
help-clap-help-command = Visa det här meddelandet eller hjälpen för angivna underkommandon
help-clap-help-command-arg = Visa hjälpen för underkommandona
# I "[standard: text]".
help-clap-default = standard
# I "[möjliga värden: kernel, complete]".
help-clap-possible-values = möjliga värden
# Rubrik för listan med värden och deras hjälp.
help-clap-possible-values-heading = Möjliga värden

## vmrescue
help-about = Räddar virtuella Windows-datorer som stannar med en blå skärm: offlinediagnos från OS-disken
help-after-help =
    Slutkoder: 0 lyckades, 1 misslyckades, 2 felaktig användning.
    Källor öppnas alltid skrivskyddade.
help-arg-lang = Språk för meddelanden: en, sv eller es (standard: från LC_ALL/LANG, annars en)

## vmrescue info
help-info-about = Visa avbildningsformatet, partitionerna, Windows-volymen och BCD-arkivet
help-info-long =
    Visa avbildningsformatet, partitionerna, Windows-volymen och BCD-arkivet.

    SOURCE är en diskavbildning (raw, VHD, VHDX, qcow2, VMDK; identifieras utifrån innehållet) eller en blockenhet.
help-info-arg-source = Diskavbildning eller blockenhet
help-info-arg-json = Skriv ut JSON i stället för text
help-info-arg-stats = Visa hur många byte som lästes från källan och med hur många läsbegäranden

## vmrescue ls
help-ls-about = Lista en katalog (eller visa en fil) på disken
help-ls-long =
    Lista en katalog (eller visa en fil) på disken.

    PATH är en Windows-sökväg som `\Windows\System32` (snedstreck fungerar också; skiftläget spelar ingen roll). Utan --partition tolkas den på Windows-volymen.
help-ls-arg-source = Diskavbildning eller blockenhet
help-ls-arg-path = Katalog eller fil på volymen (standard: roten)
help-ls-arg-partition = Partitionsnummer som `vmrescue info` visar det (0 = en volym utan partitionstabell)
help-ls-arg-json = Skriv ut JSON i stället för text

## vmrescue cat
help-cat-about = Skriv en fils innehåll till standardutdata, som `virt-cat`
help-cat-long =
    Skriv en fils innehåll till standardutdata, som `virt-cat`.

    `path:stream` läser en alternativ dataström.
help-cat-arg-source = Diskavbildning eller blockenhet
help-cat-arg-path = Fil på volymen, t.ex. `\Windows\System32\config\SYSTEM`
help-cat-arg-partition = Partitionsnummer som `vmrescue info` visar det
help-cat-arg-stats = Visa hur många byte som lästes från källan och med hur många läsbegäranden (till stderr)

## vmrescue reg
help-reg-about = Läs registret i den offline Windows-installationen, som `reg query`
help-reg-long =
    Läs registret i den offline Windows-installationen, som `reg query`.

    `vmrescue reg SOURCE KEY [VALUE]`, eller `vmrescue reg --hive FILE KEY [VALUE]` för en fristående registreringsdatafil. KEY är `HKLM\SYSTEM\...`, `HKLM\SOFTWARE\...` eller `HKLM\BCD00000000\...`; `CurrentControlSet` slås upp via `SYSTEM\Select\Current`. En registreringsdatafil som inte stängdes korrekt läses med sina .LOG1/.LOG2 tillämpade i minnet.
help-reg-after-help =
    Exempel:
      vmrescue reg osdisk.vhd 'HKLM\SYSTEM\CurrentControlSet\Control\CrashControl'
      vmrescue reg osdisk.vhd 'HKLM\SYSTEM\Select' Current --json
      vmrescue reg --hive SYSTEM 'ControlSet001\Services\disk' -s
help-reg-arg-args = SOURCE KEY [VALUE] (eller KEY [VALUE] med --hive)
help-reg-arg-hive = Läs en fristående registreringsdatafil i stället för en disk
help-reg-arg-partition = Partitionen med Windows (standard: hittas automatiskt)
help-reg-arg-recursive = Lista alla undernycklar rekursivt
help-reg-arg-json = Skriv ut JSON i stället för text

## vmrescue diagnose
help-diagnose-about = Diagnostisera varför Windows stannar: stoppkoden, de fyra orsakerna till 0xC000021A rangordnade med sina belägg, beredskapen för minnesdumpar, nästa steg
help-diagnose-long =
    Diagnostisera varför Windows stannar: stoppkoden, de fyra orsakerna till 0xC000021A rangordnade med sina belägg, beredskapen för minnesdumpar, nästa steg.

    Indata är diskar (och, som ytterligare belägg, skärmbilder från startdiagnostiken och seriekonsolloggar), som identifieras utifrån innehållet.
help-diagnose-arg-inputs = Diskavbildningar (och skärmbilder, seriekonsolloggar)
help-diagnose-arg-format = Rapportformat
help-diagnose-arg-format-value-text = Text för terminalen
help-diagnose-arg-format-value-json = JSON (nycklar på engelska; schema i docs/diagnosis.schema.json)
help-diagnose-arg-format-value-html = En HTML-rapport i en enda fil
help-diagnose-arg-output = Skriv rapporten till FILE i stället för till standardutdata
help-diagnose-arg-partition = Partitionen med Windows (standard: hittas automatiskt)
help-diagnose-arg-ram = Den virtuella datorns RAM (t.ex. 16G, 8192M), för att kontrollera växlingsfilen och det lediga utrymmet för en fullständig minnesdump
help-diagnose-arg-stats = Visa hur många byte som lästes från källorna och med hur många läsbegäranden (till stderr)
help-diagnose-arg-stop-code = Stoppkoden du såg (på skärmbilden från startdiagnostiken eller i konsolen): 0xC000021A, eller ett namn som CRITICAL_PROCESS_DIED eller STATUS_SYSTEM_PROCESS_TERMINATED. Registreras som belägg med ursprunget "user"; om disken visar något annat framgår det

## vmrescue bcd
help-bcd-about = Visa BCD-arkivet avkodat som `bcdedit /enum all /v`: Start-hanteraren, startinläsarna, EMS/seriekonsolen, inställningar för återställning och felsäkert läge
help-bcd-arg-source = Diskavbildning (arkivet hittas på EFI-systempartitionen eller den aktiva partitionen)
help-bcd-arg-store = Läs en fristående BCD-registreringsdatafil i stället
help-bcd-arg-partition = Partitionen med Windows (standard: hittas automatiskt)
help-bcd-arg-json = Skriv ut JSON i stället för text

## vmrescue prepare-dump
help-prepare-dump-about = Aktivera kraschdumpar, kraschdumpar vid NMI och seriekonsolen offline
help-prepare-dump-long =
    Aktivera kraschdumpar, kraschdumpar vid NMI och seriekonsolen offline.

    TARGET är den monterade Windows-volymen (en katalog som /mnt/osdisk eller F:\\), eller med --in-place en raw-avbildning eller en VHD-avbildning med fast storlek. Utan --apply skrivs bara planen ut (varje värde före → efter, i varje kontrolluppsättning som Select hänvisar till, och varje BCD-element). Med --apply säkerhetskopieras varje fil, skrivs atomiskt, läses tillbaka och verifieras.
help-prepare-dump-after-help =
    Exempel:
      vmrescue prepare-dump /mnt/osdisk --nmi --serial-console --ram 16G          # planen
      vmrescue prepare-dump /mnt/osdisk --nmi --serial-console --ram 16G --apply  # skriv den
      vmrescue prepare-dump /mnt/osdisk --undo                                     # återställ
help-prepare-dump-arg-target = Monterad Windows-volym, eller en avbildning med --in-place
help-prepare-dump-arg-apply = Skriv ändringarna (standard: visa bara planen)
help-prepare-dump-arg-undo = Återställ filerna från den senaste säkerhetskopian som vmrescue gjorde
help-prepare-dump-arg-dump-type = Typ av minnesdump
help-prepare-dump-arg-dump-file = Var Windows skriver dumpen (DumpFile), t.ex. %SystemRoot%\\MEMORY.DMP
help-prepare-dump-arg-dedicated-dump-file = Använd en dedikerad dumpfil (DedicatedDumpFile), t.ex. C:\\dd.sys
help-prepare-dump-arg-dedicated-size = Storleken på den dedikerade dumpfilen i MB (DumpFileSize)
help-prepare-dump-arg-nmi = Sätt NMICrashDump=1 så att en NMI skriver en minnesdump
help-prepare-dump-arg-serial-console = Slå på EMS (seriekonsol, SAC) för standardstartposten: port 1, 115200 baud
help-prepare-dump-arg-boot-menu = Visa startmenyn (displaybootmenu, timeout, bootems på {"{"}bootmgr{"}"})
help-prepare-dump-arg-ram = Den virtuella datorns RAM (t.ex. 16G), för att kontrollera växlingsfilen och det lediga utrymmet
help-prepare-dump-arg-bcd = BCD-arkivet, när EFI-systempartitionen är monterad någon annanstans
help-prepare-dump-arg-in-place = Redigera registreringsdatafilen direkt i en raw- eller VHD-avbildning med fast storlek, bara när den ryms i sina befintliga kluster
help-prepare-dump-arg-force = Skriv även om NTFS-volymen är markerad som felaktig (dirty)
help-prepare-dump-arg-json = Skriv ut JSON i stället för text

## vmrescue collect
help-collect-about = Samla in ett supportpaket: alla kraschdumpar (även en som fortfarande ligger i pagefile.sys), registreringsdatafilerna med sina loggar, BCD, händelseloggar, CBS/DISM- och installationsloggar och diagnosen, med ett manifest med SHA-256-hashvärden
help-collect-long =
    Samla in ett supportpaket: alla kraschdumpar (även en som fortfarande ligger i pagefile.sys), registreringsdatafilerna med sina loggar, BCD, händelseloggar, CBS/DISM- och installationsloggar och diagnosen, med ett manifest med SHA-256-hashvärden.

    BUNDLE är en .tar.zst (flertrådad zstd, manifest.json först), eller en mapp med --dir. Paketet skrivs som BUNDLE.partial och byter namn först när det är komplett. En minnesdump innehåller hemligheter: använd --encrypt-to.
help-collect-arg-source = Diskavbildning, blockenhet eller URL
help-collect-arg-output = Paketet som ska skrivas
help-collect-arg-dir = Skriv vanliga filer till en mapp i stället för en .tar.zst
help-collect-arg-no-memory-dump = Utelämna MEMORY.DMP och dumpar som återskapats från pagefile.sys eller en dedikerad dumpfil (små minnesdumpar tas med)
help-collect-arg-encrypt-to = Kryptera paketet till en age-mottagare (age1…) eller en offentlig SSH-nyckel; kan anges flera gånger
help-collect-arg-partition = Partitionen med Windows (standard: hittas automatiskt)

## vmrescue verify
help-verify-about = Kontrollera ett paket: läs om varje del och jämför med manifestet och SHA256SUMS
help-verify-long =
    Kontrollera ett paket: läs om varje del och jämför med manifestet och SHA256SUMS.

    Slutkod 0 när paketet är intakt, 1 när något skiljer sig.
help-verify-arg-bundle = Paketet (.tar.zst, krypterad .tar.zst eller en mapp från --dir)
help-verify-arg-identity = age-identitetsfil för att dekryptera ett krypterat paket
help-verify-arg-json = Skriv ut JSON i stället för text

## vmrescue dump
help-dump-about = Hitta och avkoda kraschdumpar: stoppkoden, dess parametrar och vad de betyder, processen som avslutades, inlästa moduler
help-dump-long =
    Hitta och avkoda kraschdumpar: stoppkoden, dess parametrar och vad de betyder, processen som avslutades, inlästa moduler.

    PATH är en dumpfil (MEMORY.DMP, en liten minnesdump, en .dmp från användarläge) eller en diskavbildning: då avkodas varje dump som Windows lämnade, även en som fortfarande ligger i pagefile.sys.
help-dump-arg-path = En dumpfil eller en diskavbildning
help-dump-arg-partition = Partitionen med Windows (standard: hittas automatiskt)
help-dump-arg-json = Skriv ut JSON i stället för text
help-dump-arg-extract = Skriv en dump som hittas i pagefile.sys till DIR som en vanlig .dmp

## vmrescue triage
help-triage-about = Diagnostisera många diskar, var och en för sig och parallellt, till JSON Lines
help-triage-long =
    Diagnostisera många diskar, var och en för sig och parallellt, till JSON Lines.

    En rad per källa (avbildning, enhet eller URL) så snart den är klar: source (signaturer dolda), ok, error, stop_code, stop_name, top_cause, repairs, elapsed_ms, bytes_read och hela diagnosen som `diagnose --format json` skriver för den källan ensam. En källa som misslyckas ger en felrad och körningen fortsätter. En sammanfattning (per stoppkod och per orsak) skrivs till stderr. Slutkod 0 bara när varje källa diagnostiserades.
help-triage-after-help =
    Exempel:
      vmrescue triage /disks/*.vhd -o fleet.jsonl
      vmrescue triage --sources-from urls.txt --jobs 8 > fleet.jsonl
help-triage-arg-sources = Diskavbildningar, blockenheter eller URL:er
help-triage-arg-sources-from = Läs fler källor från FIL, en per rad (- för standard in; # inleder en kommentar)
help-triage-arg-jobs = Källor som diagnostiseras samtidigt (standard: antalet processorer)
help-triage-arg-output = Skriv JSON Lines till FIL i stället för till standard ut
help-triage-arg-ram = De virtuella datorernas RAM (t.ex. 16G), för att kontrollera växlingsfil och ledigt utrymme för en fullständig minnesdump
help-triage-arg-shard = Bara del K av N (räknat från 0) av hela listan: var N:te källa från den K:te, så som ett indexerat Kubernetes-jobb delar upp arbetet (K = $JOB_COMPLETION_INDEX)

## vmrescue completions
help-completions-about = Skriv ett kompletteringsskript för ett skal (bash, zsh, fish, elvish, powershell)
help-completions-after-help =
    Exempel:
      vmrescue completions bash > /etc/bash_completion.d/vmrescue
help-completions-arg-shell = Skalet

## vmrescue man
help-man-about = Skriv manualsidan (roff), genererad från den här hjälpen
help-man-after-help =
    Exempel:
      vmrescue man > vmrescue.1 && man -l vmrescue.1
