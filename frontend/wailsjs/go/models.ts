export namespace about {
	
	export class Notice {
	    name: string;
	    version: string;
	    license: string;
	    source: string;
	    text: string;
	
	    static createFrom(source: any = {}) {
	        return new Notice(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.name = source["name"];
	        this.version = source["version"];
	        this.license = source["license"];
	        this.source = source["source"];
	        this.text = source["text"];
	    }
	}

}

export namespace activity {
	
	export class Ref {
	    kind: string;
	    id: number;
	    path: string;
	
	    static createFrom(source: any = {}) {
	        return new Ref(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.kind = source["kind"];
	        this.id = source["id"];
	        this.path = source["path"];
	    }
	}
	export class Entry {
	    id: number;
	    // Go type: time
	    at: any;
	    kind: string;
	    action: string;
	    summary: string;
	    detail?: string;
	    ref: Ref;
	    kindWords: string;
	    title: string;
	    step: boolean;
	
	    static createFrom(source: any = {}) {
	        return new Entry(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.at = this.convertValues(source["at"], null);
	        this.kind = source["kind"];
	        this.action = source["action"];
	        this.summary = source["summary"];
	        this.detail = source["detail"];
	        this.ref = this.convertValues(source["ref"], Ref);
	        this.kindWords = source["kindWords"];
	        this.title = source["title"];
	        this.step = source["step"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class Kind {
	    kind: string;
	    words: string;
	
	    static createFrom(source: any = {}) {
	        return new Kind(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.kind = source["kind"];
	        this.words = source["words"];
	    }
	}
	export class Page {
	    items: Entry[];
	    total: number;
	
	    static createFrom(source: any = {}) {
	        return new Page(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.items = this.convertValues(source["items"], Entry);
	        this.total = source["total"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class Query {
	    offset: number;
	    limit: number;
	    kind: string;
	    search: string;
	    hideSteps: boolean;
	
	    static createFrom(source: any = {}) {
	        return new Query(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.offset = source["offset"];
	        this.limit = source["limit"];
	        this.kind = source["kind"];
	        this.search = source["search"];
	        this.hideSteps = source["hideSteps"];
	    }
	}

}

export namespace backup {
	
	export class Backup {
	    path: string;
	    name: string;
	    size: number;
	    // Go type: time
	    createdAt: any;
	    contacts: number;
	    templates: number;
	    campaigns: number;
	    version: string;
	    schemaVersion: number;
	    whatsappSession: boolean;
	    beforeRestore: boolean;
	    problem?: string;
	
	    static createFrom(source: any = {}) {
	        return new Backup(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.path = source["path"];
	        this.name = source["name"];
	        this.size = source["size"];
	        this.createdAt = this.convertValues(source["createdAt"], null);
	        this.contacts = source["contacts"];
	        this.templates = source["templates"];
	        this.campaigns = source["campaigns"];
	        this.version = source["version"];
	        this.schemaVersion = source["schemaVersion"];
	        this.whatsappSession = source["whatsappSession"];
	        this.beforeRestore = source["beforeRestore"];
	        this.problem = source["problem"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class Settings {
	    automatic: boolean;
	    time: string;
	    folder: string;
	    keep: number;
	    includeWhatsApp: boolean;
	    defaultFolder?: string;
	
	    static createFrom(source: any = {}) {
	        return new Settings(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.automatic = source["automatic"];
	        this.time = source["time"];
	        this.folder = source["folder"];
	        this.keep = source["keep"];
	        this.includeWhatsApp = source["includeWhatsApp"];
	        this.defaultFolder = source["defaultFolder"];
	    }
	}
	export class Status {
	    running: boolean;
	    // Go type: time
	    lastBackupAt?: any;
	    lastBackupPath: string;
	    lastError: string;
	    // Go type: time
	    lastErrorAt?: any;
	    // Go type: time
	    nextRunAt?: any;
	    stale: boolean;
	    staleDays: number;
	    folder: string;
	    automatic: boolean;
	
	    static createFrom(source: any = {}) {
	        return new Status(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.running = source["running"];
	        this.lastBackupAt = this.convertValues(source["lastBackupAt"], null);
	        this.lastBackupPath = source["lastBackupPath"];
	        this.lastError = source["lastError"];
	        this.lastErrorAt = this.convertValues(source["lastErrorAt"], null);
	        this.nextRunAt = this.convertValues(source["nextRunAt"], null);
	        this.stale = source["stale"];
	        this.staleDays = source["staleDays"];
	        this.folder = source["folder"];
	        this.automatic = source["automatic"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}

}

export namespace campaigns {
	
	export class FollowUp {
	    campaignId: number;
	    result: string;
	    reason?: string;
	    label?: string;
	
	    static createFrom(source: any = {}) {
	        return new FollowUp(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.campaignId = source["campaignId"];
	        this.result = source["result"];
	        this.reason = source["reason"];
	        this.label = source["label"];
	    }
	}
	export class Audience {
	    all: boolean;
	    tags: string[];
	    tagsMatch?: string;
	    excludeTags: string[];
	    contactIds: number[];
	    search?: string;
	    followUp?: FollowUp;
	    skipRecentDays?: number;
	
	    static createFrom(source: any = {}) {
	        return new Audience(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.all = source["all"];
	        this.tags = source["tags"];
	        this.tagsMatch = source["tagsMatch"];
	        this.excludeTags = source["excludeTags"];
	        this.contactIds = source["contactIds"];
	        this.search = source["search"];
	        this.followUp = this.convertValues(source["followUp"], FollowUp);
	        this.skipRecentDays = source["skipRecentDays"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class AudienceCount {
	    recipients: number;
	    matched: number;
	    optedOut: number;
	    notOnWhatsApp: number;
	    recentlyMessaged: number;
	
	    static createFrom(source: any = {}) {
	        return new AudienceCount(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.recipients = source["recipients"];
	        this.matched = source["matched"];
	        this.optedOut = source["optedOut"];
	        this.notOnWhatsApp = source["notOnWhatsApp"];
	        this.recentlyMessaged = source["recentlyMessaged"];
	    }
	}
	export class Bucket {
	    // Go type: time
	    at: any;
	    sent: number;
	    delivered: number;
	    read: number;
	    replied: number;
	
	    static createFrom(source: any = {}) {
	        return new Bucket(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.at = this.convertValues(source["at"], null);
	        this.sent = source["sent"];
	        this.delivered = source["delivered"];
	        this.read = source["read"];
	        this.replied = source["replied"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class Estimate {
	    messages: number;
	    // Go type: time
	    now: any;
	    // Go type: time
	    startsAt: any;
	    // Go type: time
	    finishesAt: any;
	    sec: number;
	    waitSec: number;
	
	    static createFrom(source: any = {}) {
	        return new Estimate(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.messages = source["messages"];
	        this.now = this.convertValues(source["now"], null);
	        this.startsAt = this.convertValues(source["startsAt"], null);
	        this.finishesAt = this.convertValues(source["finishesAt"], null);
	        this.sec = source["sec"];
	        this.waitSec = source["waitSec"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class Stats {
	    total: number;
	    queued: number;
	    sending: number;
	    sent: number;
	    delivered: number;
	    read: number;
	    failed: number;
	    skipped: number;
	    cancelled: number;
	    unconfirmed: number;
	    replied: number;
	
	    static createFrom(source: any = {}) {
	        return new Stats(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.total = source["total"];
	        this.queued = source["queued"];
	        this.sending = source["sending"];
	        this.sent = source["sent"];
	        this.delivered = source["delivered"];
	        this.read = source["read"];
	        this.failed = source["failed"];
	        this.skipped = source["skipped"];
	        this.cancelled = source["cancelled"];
	        this.unconfirmed = source["unconfirmed"];
	        this.replied = source["replied"];
	    }
	}
	export class Schedule {
	    at: string;
	    timeZone: string;
	    cron: string;
	
	    static createFrom(source: any = {}) {
	        return new Schedule(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.at = source["at"];
	        this.timeZone = source["timeZone"];
	        this.cron = source["cron"];
	    }
	}
	export class Pace {
	    perMinute: number;
	    minDelaySec: number;
	    maxDelaySec: number;
	    batchSize: number;
	    batchPauseMinSec: number;
	    batchPauseMaxSec: number;
	    dailyCap: number;
	    hoursFrom: string;
	    hoursTo: string;
	    weekdays: number[];
	    warmupCap?: number;
	    warmupStep?: number;
	
	    static createFrom(source: any = {}) {
	        return new Pace(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.perMinute = source["perMinute"];
	        this.minDelaySec = source["minDelaySec"];
	        this.maxDelaySec = source["maxDelaySec"];
	        this.batchSize = source["batchSize"];
	        this.batchPauseMinSec = source["batchPauseMinSec"];
	        this.batchPauseMaxSec = source["batchPauseMaxSec"];
	        this.dailyCap = source["dailyCap"];
	        this.hoursFrom = source["hoursFrom"];
	        this.hoursTo = source["hoursTo"];
	        this.weekdays = source["weekdays"];
	        this.warmupCap = source["warmupCap"];
	        this.warmupStep = source["warmupStep"];
	    }
	}
	export class Campaign {
	    id: number;
	    parentId?: number;
	    name: string;
	    templateId: number;
	    audience: Audience;
	    pace: Pace;
	    schedule: Schedule;
	    state: string;
	    stats: Stats;
	    // Go type: time
	    nextRunAt?: any;
	    excludedOptedOut: number;
	    excludedNotOnWhatsApp: number;
	    note: string;
	    waitingFor: string;
	    estimate?: Estimate;
	    // Go type: time
	    hoursOpenAt?: any;
	    // Go type: time
	    createdAt: any;
	    // Go type: time
	    updatedAt: any;
	    // Go type: time
	    startedAt?: any;
	    // Go type: time
	    finishedAt?: any;
	
	    static createFrom(source: any = {}) {
	        return new Campaign(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.parentId = source["parentId"];
	        this.name = source["name"];
	        this.templateId = source["templateId"];
	        this.audience = this.convertValues(source["audience"], Audience);
	        this.pace = this.convertValues(source["pace"], Pace);
	        this.schedule = this.convertValues(source["schedule"], Schedule);
	        this.state = source["state"];
	        this.stats = this.convertValues(source["stats"], Stats);
	        this.nextRunAt = this.convertValues(source["nextRunAt"], null);
	        this.excludedOptedOut = source["excludedOptedOut"];
	        this.excludedNotOnWhatsApp = source["excludedNotOnWhatsApp"];
	        this.note = source["note"];
	        this.waitingFor = source["waitingFor"];
	        this.estimate = this.convertValues(source["estimate"], Estimate);
	        this.hoursOpenAt = this.convertValues(source["hoursOpenAt"], null);
	        this.createdAt = this.convertValues(source["createdAt"], null);
	        this.updatedAt = this.convertValues(source["updatedAt"], null);
	        this.startedAt = this.convertValues(source["startedAt"], null);
	        this.finishedAt = this.convertValues(source["finishedAt"], null);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class ContactMessage {
	    campaignId: number;
	    campaignName: string;
	    state: string;
	    error: string;
	    // Go type: time
	    sentAt?: any;
	    // Go type: time
	    deliveredAt?: any;
	    // Go type: time
	    readAt?: any;
	    // Go type: time
	    repliedAt?: any;
	    reply: string;
	
	    static createFrom(source: any = {}) {
	        return new ContactMessage(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.campaignId = source["campaignId"];
	        this.campaignName = source["campaignName"];
	        this.state = source["state"];
	        this.error = source["error"];
	        this.sentAt = this.convertValues(source["sentAt"], null);
	        this.deliveredAt = this.convertValues(source["deliveredAt"], null);
	        this.readAt = this.convertValues(source["readAt"], null);
	        this.repliedAt = this.convertValues(source["repliedAt"], null);
	        this.reply = source["reply"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	
	
	export class Input {
	    id: number;
	    name: string;
	    templateId: number;
	    audience: Audience;
	    pace: Pace;
	    schedule: Schedule;
	
	    static createFrom(source: any = {}) {
	        return new Input(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.name = source["name"];
	        this.templateId = source["templateId"];
	        this.audience = this.convertValues(source["audience"], Audience);
	        this.pace = this.convertValues(source["pace"], Pace);
	        this.schedule = this.convertValues(source["schedule"], Schedule);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class KeywordCount {
	    keyword: string;
	    tag: string;
	    replies: number;
	    tagged: number;
	
	    static createFrom(source: any = {}) {
	        return new KeywordCount(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.keyword = source["keyword"];
	        this.tag = source["tag"];
	        this.replies = source["replies"];
	        this.tagged = source["tagged"];
	    }
	}
	export class MessagePreview {
	    contactId: number;
	    name: string;
	    phone: string;
	    text: string;
	    problem: string;
	
	    static createFrom(source: any = {}) {
	        return new MessagePreview(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.contactId = source["contactId"];
	        this.name = source["name"];
	        this.phone = source["phone"];
	        this.text = source["text"];
	        this.problem = source["problem"];
	    }
	}
	
	export class Page {
	    items: Campaign[];
	    total: number;
	
	    static createFrom(source: any = {}) {
	        return new Page(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.items = this.convertValues(source["items"], Campaign);
	        this.total = source["total"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class SkipReason {
	    variable: string;
	    count: number;
	    sometimes: boolean;
	    message: string;
	    recent?: boolean;
	
	    static createFrom(source: any = {}) {
	        return new SkipReason(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.variable = source["variable"];
	        this.count = source["count"];
	        this.sometimes = source["sometimes"];
	        this.message = source["message"];
	        this.recent = source["recent"];
	    }
	}
	export class Skipped {
	    total: number;
	    reasons: SkipReason[];
	
	    static createFrom(source: any = {}) {
	        return new Skipped(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.total = source["total"];
	        this.reasons = this.convertValues(source["reasons"], SkipReason);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class Plan {
	    audience: AudienceCount;
	    messages: MessagePreview[];
	    estimate?: Estimate;
	    skipped: Skipped;
	    problems: string[];
	    warnings: string[];
	
	    static createFrom(source: any = {}) {
	        return new Plan(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.audience = this.convertValues(source["audience"], AudienceCount);
	        this.messages = this.convertValues(source["messages"], MessagePreview);
	        this.estimate = this.convertValues(source["estimate"], Estimate);
	        this.skipped = this.convertValues(source["skipped"], Skipped);
	        this.problems = source["problems"];
	        this.warnings = source["warnings"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class Query {
	    search: string;
	    state: string;
	    parentId?: number;
	    offset: number;
	    limit: number;
	
	    static createFrom(source: any = {}) {
	        return new Query(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.search = source["search"];
	        this.state = source["state"];
	        this.parentId = source["parentId"];
	        this.offset = source["offset"];
	        this.limit = source["limit"];
	    }
	}
	export class Rates {
	    delivery: number;
	    read: number;
	    reply: number;
	    failure: number;
	
	    static createFrom(source: any = {}) {
	        return new Rates(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.delivery = source["delivery"];
	        this.read = source["read"];
	        this.reply = source["reply"];
	        this.failure = source["failure"];
	    }
	}
	export class Recipient {
	    id: number;
	    contactId: number;
	    phone: string;
	    name: string;
	    state: string;
	    messageId: string;
	    error: string;
	    attempts: number;
	    // Go type: time
	    sentAt?: any;
	    // Go type: time
	    deliveredAt?: any;
	    // Go type: time
	    readAt?: any;
	    // Go type: time
	    repliedAt?: any;
	    reply: string;
	
	    static createFrom(source: any = {}) {
	        return new Recipient(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.contactId = source["contactId"];
	        this.phone = source["phone"];
	        this.name = source["name"];
	        this.state = source["state"];
	        this.messageId = source["messageId"];
	        this.error = source["error"];
	        this.attempts = source["attempts"];
	        this.sentAt = this.convertValues(source["sentAt"], null);
	        this.deliveredAt = this.convertValues(source["deliveredAt"], null);
	        this.readAt = this.convertValues(source["readAt"], null);
	        this.repliedAt = this.convertValues(source["repliedAt"], null);
	        this.reply = source["reply"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class RecipientPage {
	    items: Recipient[];
	    total: number;
	
	    static createFrom(source: any = {}) {
	        return new RecipientPage(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.items = this.convertValues(source["items"], Recipient);
	        this.total = source["total"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class RecipientQuery {
	    search: string;
	    state: string;
	    offset: number;
	    limit: number;
	
	    static createFrom(source: any = {}) {
	        return new RecipientQuery(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.search = source["search"];
	        this.state = source["state"];
	        this.offset = source["offset"];
	        this.limit = source["limit"];
	    }
	}
	export class Report {
	    campaign: Campaign;
	    rates: Rates;
	    bucketSec: number;
	    timeline: Bucket[];
	    perMinute: number;
	    durationSec: number;
	    avgPerMinute: number;
	    keywords: KeywordCount[];
	
	    static createFrom(source: any = {}) {
	        return new Report(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.campaign = this.convertValues(source["campaign"], Campaign);
	        this.rates = this.convertValues(source["rates"], Rates);
	        this.bucketSec = source["bucketSec"];
	        this.timeline = this.convertValues(source["timeline"], Bucket);
	        this.perMinute = source["perMinute"];
	        this.durationSec = source["durationSec"];
	        this.avgPerMinute = source["avgPerMinute"];
	        this.keywords = this.convertValues(source["keywords"], KeywordCount);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class ResultGroup {
	    result: string;
	    reason: string;
	    title: string;
	    label: string;
	    count: number;
	
	    static createFrom(source: any = {}) {
	        return new ResultGroup(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.result = source["result"];
	        this.reason = source["reason"];
	        this.title = source["title"];
	        this.label = source["label"];
	        this.count = source["count"];
	    }
	}
	
	
	
	
	export class TagOutcome {
	    tag: string;
	    contacts: number;
	    added: number;
	
	    static createFrom(source: any = {}) {
	        return new TagOutcome(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.tag = source["tag"];
	        this.contacts = source["contacts"];
	        this.added = source["added"];
	    }
	}

}

export namespace connection {
	
	export class CheckResult {
	    checked: number;
	    onWhatsApp: number;
	    notOnWhatsApp: number;
	
	    static createFrom(source: any = {}) {
	        return new CheckResult(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.checked = source["checked"];
	        this.onWhatsApp = source["onWhatsApp"];
	        this.notOnWhatsApp = source["notOnWhatsApp"];
	    }
	}
	export class HistoryEntry {
	    id: number;
	    state: string;
	    // Go type: time
	    at: any;
	    detail: string;
	
	    static createFrom(source: any = {}) {
	        return new HistoryEntry(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.state = source["state"];
	        this.at = this.convertValues(source["at"], null);
	        this.detail = source["detail"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class HistoryPage {
	    items: HistoryEntry[];
	    total: number;
	
	    static createFrom(source: any = {}) {
	        return new HistoryPage(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.items = this.convertValues(source["items"], HistoryEntry);
	        this.total = source["total"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class HistoryQuery {
	    offset: number;
	    limit: number;
	
	    static createFrom(source: any = {}) {
	        return new HistoryQuery(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.offset = source["offset"];
	        this.limit = source["limit"];
	    }
	}
	export class SendResult {
	    messageId: string;
	    status: string;
	
	    static createFrom(source: any = {}) {
	        return new SendResult(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.messageId = source["messageId"];
	        this.status = source["status"];
	    }
	}

}

export namespace contacts {
	
	export class OtherPhone {
	    label: string;
	    number: string;
	
	    static createFrom(source: any = {}) {
	        return new OtherPhone(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.label = source["label"];
	        this.number = source["number"];
	    }
	}
	export class Contact {
	    id: number;
	    name: string;
	    phone: string;
	    otherPhones: OtherPhone[];
	    email: string;
	    company: string;
	    tags: string[];
	    notes: string;
	    customFields: Record<string, string>;
	    optedOut: boolean;
	    // Go type: time
	    optedOutAt?: any;
	    optedOutReason: string;
	    onWhatsApp?: boolean;
	    // Go type: time
	    whatsAppCheckedAt?: any;
	    // Go type: time
	    createdAt: any;
	    // Go type: time
	    updatedAt: any;
	
	    static createFrom(source: any = {}) {
	        return new Contact(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.name = source["name"];
	        this.phone = source["phone"];
	        this.otherPhones = this.convertValues(source["otherPhones"], OtherPhone);
	        this.email = source["email"];
	        this.company = source["company"];
	        this.tags = source["tags"];
	        this.notes = source["notes"];
	        this.customFields = source["customFields"];
	        this.optedOut = source["optedOut"];
	        this.optedOutAt = this.convertValues(source["optedOutAt"], null);
	        this.optedOutReason = source["optedOutReason"];
	        this.onWhatsApp = source["onWhatsApp"];
	        this.whatsAppCheckedAt = this.convertValues(source["whatsAppCheckedAt"], null);
	        this.createdAt = this.convertValues(source["createdAt"], null);
	        this.updatedAt = this.convertValues(source["updatedAt"], null);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class FieldChange {
	    field: string;
	    before: string;
	    after: string;
	
	    static createFrom(source: any = {}) {
	        return new FieldChange(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.field = source["field"];
	        this.before = source["before"];
	        this.after = source["after"];
	    }
	}
	export class ContactChange {
	    line: number;
	    id: number;
	    phone: string;
	    name: string;
	    fields: FieldChange[];
	
	    static createFrom(source: any = {}) {
	        return new ContactChange(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.line = source["line"];
	        this.id = source["id"];
	        this.phone = source["phone"];
	        this.name = source["name"];
	        this.fields = this.convertValues(source["fields"], FieldChange);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	
	export class ImportOptions {
	    format: string;
	    encoding: string;
	    delimiter: string;
	    sheet: string;
	    mapping: string[];
	    saveMapping: boolean;
	    matches: string;
	
	    static createFrom(source: any = {}) {
	        return new ImportOptions(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.format = source["format"];
	        this.encoding = source["encoding"];
	        this.delimiter = source["delimiter"];
	        this.sheet = source["sheet"];
	        this.mapping = source["mapping"];
	        this.saveMapping = source["saveMapping"];
	        this.matches = source["matches"];
	    }
	}
	export class RowCheck {
	    phone: string;
	    country: string;
	    others: number;
	    problem: string;
	    skip: boolean;
	
	    static createFrom(source: any = {}) {
	        return new RowCheck(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.phone = source["phone"];
	        this.country = source["country"];
	        this.others = source["others"];
	        this.problem = source["problem"];
	        this.skip = source["skip"];
	    }
	}
	export class ImportPreview {
	    format: string;
	    encoding: string;
	    delimiter: string;
	    sheets: string[];
	    sheet: string;
	    headers: string[];
	    mapping: string[];
	    rows: string[][];
	    targets: string[];
	    savedMapping: boolean;
	    checks: RowCheck[];
	
	    static createFrom(source: any = {}) {
	        return new ImportPreview(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.format = source["format"];
	        this.encoding = source["encoding"];
	        this.delimiter = source["delimiter"];
	        this.sheets = source["sheets"];
	        this.sheet = source["sheet"];
	        this.headers = source["headers"];
	        this.mapping = source["mapping"];
	        this.rows = source["rows"];
	        this.targets = source["targets"];
	        this.savedMapping = source["savedMapping"];
	        this.checks = this.convertValues(source["checks"], RowCheck);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class RowProblem {
	    line: number;
	    name: string;
	    phone: string;
	    skipped: boolean;
	    message: string;
	
	    static createFrom(source: any = {}) {
	        return new RowProblem(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.line = source["line"];
	        this.name = source["name"];
	        this.phone = source["phone"];
	        this.skipped = source["skipped"];
	        this.message = source["message"];
	    }
	}
	export class ImportResult {
	    run: number;
	    created: number;
	    updated: number;
	    unchanged: number;
	    skipped: number;
	    failed: number;
	    errors: RowProblem[];
	    errorsTruncated: boolean;
	    notes: RowProblem[];
	    report: string;
	    changes: ContactChange[];
	    changesTruncated: boolean;
	    changesReport: string;
	    // Go type: time
	    undoUntil: any;
	    cancelled: boolean;
	
	    static createFrom(source: any = {}) {
	        return new ImportResult(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.run = source["run"];
	        this.created = source["created"];
	        this.updated = source["updated"];
	        this.unchanged = source["unchanged"];
	        this.skipped = source["skipped"];
	        this.failed = source["failed"];
	        this.errors = this.convertValues(source["errors"], RowProblem);
	        this.errorsTruncated = source["errorsTruncated"];
	        this.notes = this.convertValues(source["notes"], RowProblem);
	        this.report = source["report"];
	        this.changes = this.convertValues(source["changes"], ContactChange);
	        this.changesTruncated = source["changesTruncated"];
	        this.changesReport = source["changesReport"];
	        this.undoUntil = this.convertValues(source["undoUntil"], null);
	        this.cancelled = source["cancelled"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class MatchItem {
	    line: number;
	    id: number;
	    phone: string;
	    name: string;
	    fill: FieldChange[];
	    overwrite: FieldChange[];
	
	    static createFrom(source: any = {}) {
	        return new MatchItem(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.line = source["line"];
	        this.id = source["id"];
	        this.phone = source["phone"];
	        this.name = source["name"];
	        this.fill = this.convertValues(source["fill"], FieldChange);
	        this.overwrite = this.convertValues(source["overwrite"], FieldChange);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class MatchPreview {
	    rows: number;
	    matches: number;
	    duplicates: number;
	    fillChanges: number;
	    overwriteChanges: number;
	    items: MatchItem[];
	    cancelled: boolean;
	
	    static createFrom(source: any = {}) {
	        return new MatchPreview(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.rows = source["rows"];
	        this.matches = source["matches"];
	        this.duplicates = source["duplicates"];
	        this.fillChanges = source["fillChanges"];
	        this.overwriteChanges = source["overwriteChanges"];
	        this.items = this.convertValues(source["items"], MatchItem);
	        this.cancelled = source["cancelled"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	
	export class Page {
	    items: Contact[];
	    total: number;
	
	    static createFrom(source: any = {}) {
	        return new Page(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.items = this.convertValues(source["items"], Contact);
	        this.total = source["total"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class PastImport {
	    id: number;
	    file: string;
	    // Go type: time
	    startedAt: any;
	    // Go type: time
	    endedAt: any;
	    created: number;
	    updated: number;
	    // Go type: time
	    undoneAt?: any;
	    // Go type: time
	    undoUntil: any;
	
	    static createFrom(source: any = {}) {
	        return new PastImport(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.file = source["file"];
	        this.startedAt = this.convertValues(source["startedAt"], null);
	        this.endedAt = this.convertValues(source["endedAt"], null);
	        this.created = source["created"];
	        this.updated = source["updated"];
	        this.undoneAt = this.convertValues(source["undoneAt"], null);
	        this.undoUntil = this.convertValues(source["undoUntil"], null);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class Query {
	    search: string;
	    tags: string[];
	    optedOut?: boolean;
	    ids: number[];
	    sort: string;
	    desc: boolean;
	    offset: number;
	    limit: number;
	
	    static createFrom(source: any = {}) {
	        return new Query(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.search = source["search"];
	        this.tags = source["tags"];
	        this.optedOut = source["optedOut"];
	        this.ids = source["ids"];
	        this.sort = source["sort"];
	        this.desc = source["desc"];
	        this.offset = source["offset"];
	        this.limit = source["limit"];
	    }
	}
	
	
	export class Tag {
	    name: string;
	    count: number;
	
	    static createFrom(source: any = {}) {
	        return new Tag(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.name = source["name"];
	        this.count = source["count"];
	    }
	}
	export class UndoResult {
	    removed: number;
	    restored: number;
	    kept: number;
	    summary: string;
	
	    static createFrom(source: any = {}) {
	        return new UndoResult(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.removed = source["removed"];
	        this.restored = source["restored"];
	        this.kept = source["kept"];
	        this.summary = source["summary"];
	    }
	}

}

export namespace dashboard {
	
	export class Contacts {
	    total: number;
	    optedOut: number;
	
	    static createFrom(source: any = {}) {
	        return new Contacts(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.total = source["total"];
	        this.optedOut = source["optedOut"];
	    }
	}
	export class Day {
	    date: string;
	    sent: number;
	    delivered: number;
	    read: number;
	
	    static createFrom(source: any = {}) {
	        return new Day(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.date = source["date"];
	        this.sent = source["sent"];
	        this.delivered = source["delivered"];
	        this.read = source["read"];
	    }
	}
	export class LastCampaign {
	    id: number;
	    name: string;
	    state: string;
	    // Go type: time
	    startedAt?: any;
	    // Go type: time
	    finishedAt?: any;
	    stats: campaigns.Stats;
	
	    static createFrom(source: any = {}) {
	        return new LastCampaign(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.name = source["name"];
	        this.state = source["state"];
	        this.startedAt = this.convertValues(source["startedAt"], null);
	        this.finishedAt = this.convertValues(source["finishedAt"], null);
	        this.stats = this.convertValues(source["stats"], campaigns.Stats);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class Messages {
	    today: number;
	    thisWeek: number;
	    sent: number;
	    delivered: number;
	    read: number;
	    deliveryRate: number;
	    readRate: number;
	    perDay: Day[];
	
	    static createFrom(source: any = {}) {
	        return new Messages(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.today = source["today"];
	        this.thisWeek = source["thisWeek"];
	        this.sent = source["sent"];
	        this.delivered = source["delivered"];
	        this.read = source["read"];
	        this.deliveryRate = source["deliveryRate"];
	        this.readRate = source["readRate"];
	        this.perDay = this.convertValues(source["perDay"], Day);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class Upcoming {
	    id: number;
	    name: string;
	    // Go type: time
	    nextRunAt: any;
	
	    static createFrom(source: any = {}) {
	        return new Upcoming(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.name = source["name"];
	        this.nextRunAt = this.convertValues(source["nextRunAt"], null);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class Summary {
	    contacts: Contacts;
	    templates: number;
	    campaigns: Record<string, number>;
	    messages: Messages;
	    nextScheduled: Upcoming[];
	    whatsapp: whatsapp.Status;
	    activity: activity.Entry[];
	    lastCampaign?: LastCampaign;
	    timeZone: string;
	    // Go type: time
	    generatedAt: any;
	
	    static createFrom(source: any = {}) {
	        return new Summary(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.contacts = this.convertValues(source["contacts"], Contacts);
	        this.templates = source["templates"];
	        this.campaigns = source["campaigns"];
	        this.messages = this.convertValues(source["messages"], Messages);
	        this.nextScheduled = this.convertValues(source["nextScheduled"], Upcoming);
	        this.whatsapp = this.convertValues(source["whatsapp"], whatsapp.Status);
	        this.activity = this.convertValues(source["activity"], activity.Entry);
	        this.lastCampaign = this.convertValues(source["lastCampaign"], LastCampaign);
	        this.timeZone = source["timeZone"];
	        this.generatedAt = this.convertValues(source["generatedAt"], null);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}

}

export namespace engine {
	
	export class Problem {
	    start: number;
	    end: number;
	    message: string;
	
	    static createFrom(source: any = {}) {
	        return new Problem(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.start = source["start"];
	        this.end = source["end"];
	        this.message = source["message"];
	    }
	}

}

export namespace inbox {
	
	export class Conversation {
	    contactId: number;
	    conversationId: number;
	    phone: string;
	    name: string;
	    inContacts: boolean;
	    optedOut: boolean;
	    lastText: string;
	    // Go type: time
	    lastAt: any;
	    unread: number;
	    lastFromThem: boolean;
	
	    static createFrom(source: any = {}) {
	        return new Conversation(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.contactId = source["contactId"];
	        this.conversationId = source["conversationId"];
	        this.phone = source["phone"];
	        this.name = source["name"];
	        this.inContacts = source["inContacts"];
	        this.optedOut = source["optedOut"];
	        this.lastText = source["lastText"];
	        this.lastAt = this.convertValues(source["lastAt"], null);
	        this.unread = source["unread"];
	        this.lastFromThem = source["lastFromThem"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class Message {
	    id: number;
	    direction: string;
	    text: string;
	    // Go type: time
	    at: any;
	    state: string;
	    error: string;
	    campaignId: number;
	    campaignName: string;
	    test: boolean;
	
	    static createFrom(source: any = {}) {
	        return new Message(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.direction = source["direction"];
	        this.text = source["text"];
	        this.at = this.convertValues(source["at"], null);
	        this.state = source["state"];
	        this.error = source["error"];
	        this.campaignId = source["campaignId"];
	        this.campaignName = source["campaignName"];
	        this.test = source["test"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class MessagePage {
	    items: Message[];
	    total: number;
	
	    static createFrom(source: any = {}) {
	        return new MessagePage(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.items = this.convertValues(source["items"], Message);
	        this.total = source["total"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class MessageQuery {
	    offset: number;
	    limit: number;
	
	    static createFrom(source: any = {}) {
	        return new MessageQuery(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.offset = source["offset"];
	        this.limit = source["limit"];
	    }
	}
	export class Page {
	    items: Conversation[];
	    total: number;
	    totalCapped: boolean;
	
	    static createFrom(source: any = {}) {
	        return new Page(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.items = this.convertValues(source["items"], Conversation);
	        this.total = source["total"];
	        this.totalCapped = source["totalCapped"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class Query {
	    search: string;
	    unread: boolean;
	    needsAnswer: boolean;
	    optedOut: boolean;
	    campaignId: number;
	    offset: number;
	    limit: number;
	
	    static createFrom(source: any = {}) {
	        return new Query(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.search = source["search"];
	        this.unread = source["unread"];
	        this.needsAnswer = source["needsAnswer"];
	        this.optedOut = source["optedOut"];
	        this.campaignId = source["campaignId"];
	        this.offset = source["offset"];
	        this.limit = source["limit"];
	    }
	}
	export class TestTarget {
	    phone: string;
	    source: string;
	
	    static createFrom(source: any = {}) {
	        return new TestTarget(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.phone = source["phone"];
	        this.source = source["source"];
	    }
	}

}

export namespace main {
	
	export class FileFilter {
	    displayName: string;
	    pattern: string;
	
	    static createFrom(source: any = {}) {
	        return new FileFilter(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.displayName = source["displayName"];
	        this.pattern = source["pattern"];
	    }
	}

}

export namespace notify {
	
	export class Switches {
	    finished: boolean;
	    stopped: boolean;
	    backupFailed: boolean;
	    daily: boolean;
	
	    static createFrom(source: any = {}) {
	        return new Switches(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.finished = source["finished"];
	        this.stopped = source["stopped"];
	        this.backupFailed = source["backupFailed"];
	        this.daily = source["daily"];
	    }
	}
	export class Config {
	    host: string;
	    port: number;
	    security: string;
	    user: string;
	    password?: string;
	    from: string;
	    to: string[];
	    notices: Switches;
	    dailyAt: string;
	    desktop: boolean;
	    forgetPassword?: boolean;
	    hasPassword: boolean;
	    passwordKept: string;
	
	    static createFrom(source: any = {}) {
	        return new Config(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.host = source["host"];
	        this.port = source["port"];
	        this.security = source["security"];
	        this.user = source["user"];
	        this.password = source["password"];
	        this.from = source["from"];
	        this.to = source["to"];
	        this.notices = this.convertValues(source["notices"], Switches);
	        this.dailyAt = source["dailyAt"];
	        this.desktop = source["desktop"];
	        this.forgetPassword = source["forgetPassword"];
	        this.hasPassword = source["hasPassword"];
	        this.passwordKept = source["passwordKept"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class Status {
	    waiting: number;
	    failure: string;
	
	    static createFrom(source: any = {}) {
	        return new Status(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.waiting = source["waiting"];
	        this.failure = source["failure"];
	    }
	}
	
	export class TestResult {
	    to: string[];
	
	    static createFrom(source: any = {}) {
	        return new TestResult(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.to = source["to"];
	    }
	}

}

export namespace settings {
	
	export class Country {
	    code: string;
	    callingCode: number;
	    locale: string;
	
	    static createFrom(source: any = {}) {
	        return new Country(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.code = source["code"];
	        this.callingCode = source["callingCode"];
	        this.locale = source["locale"];
	    }
	}
	export class Info {
	    dataDir: string;
	    database: string;
	    logFile: string;
	    exportsDir: string;
	    version: string;
	    mode: string;
	
	    static createFrom(source: any = {}) {
	        return new Info(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.dataDir = source["dataDir"];
	        this.database = source["database"];
	        this.logFile = source["logFile"];
	        this.exportsDir = source["exportsDir"];
	        this.version = source["version"];
	        this.mode = source["mode"];
	    }
	}
	export class Preferences {
	    country: string;
	    timeZone: string;
	    locale: string;
	    welcomed: boolean;
	
	    static createFrom(source: any = {}) {
	        return new Preferences(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.country = source["country"];
	        this.timeZone = source["timeZone"];
	        this.locale = source["locale"];
	        this.welcomed = source["welcomed"];
	    }
	}

}

export namespace simulator {
	
	export class Config {
	    seed: number;
	    latencyMinMs: number;
	    latencyMaxMs: number;
	    failRate: number;
	    notOnWhatsAppRate: number;
	    replyRate: number;
	    disconnectRate: number;
	    rateLimitPerSec: number;
	    autoScanSec: number;
	    cannotTell: boolean;
	
	    static createFrom(source: any = {}) {
	        return new Config(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.seed = source["seed"];
	        this.latencyMinMs = source["latencyMinMs"];
	        this.latencyMaxMs = source["latencyMaxMs"];
	        this.failRate = source["failRate"];
	        this.notOnWhatsAppRate = source["notOnWhatsAppRate"];
	        this.replyRate = source["replyRate"];
	        this.disconnectRate = source["disconnectRate"];
	        this.rateLimitPerSec = source["rateLimitPerSec"];
	        this.autoScanSec = source["autoScanSec"];
	        this.cannotTell = source["cannotTell"];
	    }
	}

}

export namespace switcher {
	
	export class Choice {
	    name: string;
	    label: string;
	    active: boolean;
	
	    static createFrom(source: any = {}) {
	        return new Choice(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.name = source["name"];
	        this.label = source["label"];
	        this.active = source["active"];
	    }
	}

}

export namespace templates {
	
	export class AudiencePreview {
	    contactId: number;
	    name: string;
	    phone: string;
	    text: string;
	    problems: engine.Problem[];
	
	    static createFrom(source: any = {}) {
	        return new AudiencePreview(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.contactId = source["contactId"];
	        this.name = source["name"];
	        this.phone = source["phone"];
	        this.text = source["text"];
	        this.problems = this.convertValues(source["problems"], engine.Problem);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class Template {
	    id: number;
	    name: string;
	    body: string;
	    category: string;
	    kind: string;
	    mediaPath: string;
	    mediaType: string;
	    // Go type: time
	    createdAt: any;
	    // Go type: time
	    updatedAt: any;
	    problems: engine.Problem[];
	    usable: boolean;
	
	    static createFrom(source: any = {}) {
	        return new Template(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.name = source["name"];
	        this.body = source["body"];
	        this.category = source["category"];
	        this.kind = source["kind"];
	        this.mediaPath = source["mediaPath"];
	        this.mediaType = source["mediaType"];
	        this.createdAt = this.convertValues(source["createdAt"], null);
	        this.updatedAt = this.convertValues(source["updatedAt"], null);
	        this.problems = this.convertValues(source["problems"], engine.Problem);
	        this.usable = source["usable"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class Page {
	    items: Template[];
	    total: number;
	
	    static createFrom(source: any = {}) {
	        return new Page(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.items = this.convertValues(source["items"], Template);
	        this.total = source["total"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class Preview {
	    text: string;
	    problems: engine.Problem[];
	
	    static createFrom(source: any = {}) {
	        return new Preview(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.text = source["text"];
	        this.problems = this.convertValues(source["problems"], engine.Problem);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class Query {
	    search: string;
	    kind: string;
	    offset: number;
	    limit: number;
	
	    static createFrom(source: any = {}) {
	        return new Query(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.search = source["search"];
	        this.kind = source["kind"];
	        this.offset = source["offset"];
	        this.limit = source["limit"];
	    }
	}

}

export namespace whatsapp {
	
	export class Ban {
	    code: number;
	    reason: string;
	    // Go type: time
	    until: any;
	
	    static createFrom(source: any = {}) {
	        return new Ban(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.code = source["code"];
	        this.reason = source["reason"];
	        this.until = this.convertValues(source["until"], null);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class Pairing {
	    qr?: string;
	    // Go type: time
	    qrExpires: any;
	    code?: string;
	
	    static createFrom(source: any = {}) {
	        return new Pairing(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.qr = source["qr"];
	        this.qrExpires = this.convertValues(source["qrExpires"], null);
	        this.code = source["code"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class Status {
	    state: string;
	    phone: string;
	    pushName: string;
	    // Go type: time
	    since: any;
	    lastError: string;
	    ban?: Ban;
	
	    static createFrom(source: any = {}) {
	        return new Status(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.state = source["state"];
	        this.phone = source["phone"];
	        this.pushName = source["pushName"];
	        this.since = this.convertValues(source["since"], null);
	        this.lastError = source["lastError"];
	        this.ban = this.convertValues(source["ban"], Ban);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}

}

